import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APP_VERSION, AppConfig } from '@consult/config';
import { EventStore } from '@consult/event-store';
import { HealthReport, checkHealth } from './health.check';

/** `GET /health`: 200 when the event store answers, 503 otherwise. */
@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly store: EventStore,
    private readonly config: AppConfig,
  ) {}

  @Get('health')
  @ApiOkResponse({ description: '`{status: "ok", eventStore: {kind, headPosition}, clock, version}`' })
  @ApiServiceUnavailableResponse({ description: '`{status: "error", eventStore: {kind, error}, clock, version}`' })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await checkHealth(this.store, { clock: this.config.clock, version: APP_VERSION });
    if (report.status !== 'ok') void reply.status(503);
    return report;
  }
}
