import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '@consult/config';
import { MetricsService } from './metrics.service';

/** Times every HTTP response into the histogram and, at LOG_LEVEL debug or trace, writes an access-log line. */
@Injectable()
export class HttpObservabilityHook implements OnModuleInit {
  private readonly logger = new Logger('HTTP');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
    @Optional() @Inject(AppConfig) private readonly config?: AppConfig,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter || adapter.getType() !== 'fastify') return;
    const fastify = adapter.getInstance<FastifyInstance>();
    // Decided once: building the line for a logger that drops it cost more than the histogram.
    const accessLog = !this.config || this.config.logLevel === 'debug' || this.config.logLevel === 'trace';
    // A callback hook: fastify runs it without the promise an async one needs.
    fastify.addHook('onResponse', (request, reply, done) => {
      this.metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
      if (accessLog) {
        this.logger.debug({
          msg: 'request completed',
          method: request.method,
          url: request.url,
          statusCode: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
        });
      }
      done();
    });
  }
}
