import { Body, Controller, Get, Inject, NotFoundException, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IsISO8601 } from 'class-validator';
import { Clock, ManualClock } from '@consult/clock';
import { ConsultationCache, DeadlineScheduler, InvalidInput, ReadModelProjector, requireRole, validateBody } from '@consult/consultation';
import { ConsultationSummaryRow } from '@consult/projections';
import { DataSource } from 'typeorm';
import { RequestContextFactory } from './request-context';

class SetClockDto {
  @IsISO8601({ strict: true })
  now: string;
}

@ApiTags('time')
@ApiBearerAuth()
@Controller('api')
export class ClockController {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DeadlineScheduler) private readonly scheduler: DeadlineScheduler,
    @Inject(ConsultationCache) private readonly cache: ConsultationCache,
    @Inject(ReadModelProjector) private readonly projector: ReadModelProjector,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(RequestContextFactory) private readonly contexts: RequestContextFactory,
  ) {}

  @Put('clock')
  @ApiOperation({ summary: 'Set the manual clock and fire everything that falls due (CONSULT_CLOCK=manual only)' })
  @ApiBody({ schema: { type: 'object', required: ['now'], properties: { now: { type: 'string', format: 'date-time' } } } })
  async setClock(@Body() body: unknown, @Req() request: FastifyRequest) {
    if (!(this.clock instanceof ManualClock)) throw new NotFoundException('the clock can only be set when CONSULT_CLOCK=manual');
    requireRole(this.contexts.from(request).caller, ['secretariat'], 'setting the clock');
    const { now } = validateBody(SetClockDto, body, 'body');
    this.clock.set(new Date(now));
    const fired = await this.scheduler.runDue();
    return { now: this.clock.now().toISOString(), fired };
  }

  @Get('deadlines')
  @ApiOperation({ summary: 'Upcoming deadlines of running consultations' })
  @ApiQuery({ name: 'until', required: false, description: 'ISO 8601 instant; default: all' })
  async deadlines(@Query('until') until?: string) {
    if (until !== undefined && Number.isNaN(Date.parse(until))) {
      throw new InvalidInput('until must be an ISO 8601 instant', [{ field: 'until', constraints: { invalid: 'must be an ISO 8601 date-time' } }]);
    }
    await this.projector.catchUp();
    // Only consultations with a pending deadline are loaded; their next one bounds the rest.
    const limit = until ? Date.parse(until) : Infinity;
    const query = this.db.getRepository(ConsultationSummaryRow).createQueryBuilder('c').select(['c.id', 'c.title']).where('c.nextDeadlineAt IS NOT NULL');
    if (until) query.andWhere('c.nextDeadlineAt <= :until', { until: new Date(limit).toISOString() });
    const items = [];
    for (const row of await query.getMany()) {
      const loaded = await this.cache.load(row.id);
      for (const deadline of loaded.definition.deadlines(loaded.snapshot)) {
        if (Date.parse(deadline.dueAt) <= limit) {
          items.push({ consultationId: row.id, title: row.title, key: deadline.key, kind: deadline.kind, dueAt: deadline.dueAt, label: deadline.title });
        }
      }
    }
    items.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    return { now: this.clock.now().toISOString(), items };
  }
}
