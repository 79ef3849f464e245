import { Controller, Get, Inject, Logger, Optional, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { APP_VERSION, AppConfig } from '@consult/config';
import { EventStore } from '@consult/event-store';
import { projectionStatus } from '@consult/projections';
import { HealthReport, checkHealth } from './health.check';

/**
 * `GET /health`: 200 when the event store answers, 503 otherwise; with the read models'
 * checkpoint, lag and parked events where the process has them (the read-model
 * `DataSource`). Errors show as a generic message; their details go to the log.
 */
@ApiTags('operations')
@Controller()
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly store: EventStore,
    private readonly config: AppConfig,
    @Optional() @Inject(DataSource) private readonly readModels?: DataSource,
  ) {}

  @Get('health')
  @ApiOkResponse({ description: '`{status: "ok", eventStore: {kind, headPosition}, clock, version, projections: {checkpoint, head, lag, parked, parkedByProjection, degraded}}`' })
  @ApiServiceUnavailableResponse({ description: '`{status: "error", eventStore: {kind, error: "event store unavailable"}, clock, version}`' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const db = this.readModels;
    const report = await checkHealth(this.store, { clock: this.config.clock, version: APP_VERSION }, {
      projections: db ? (head) => projectionStatus(db, head) : undefined,
      log: (message, error) => this.logger.error(`${message}: ${error instanceof Error ? error.message : String(error)}`),
    });
    if (report.status !== 'ok') void reply.status(503);
    return report;
  }
}
