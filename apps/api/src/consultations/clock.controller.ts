import { Body, Controller, Inject, NotFoundException, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Clock, ManualClock } from '@consult/clock';
import { BackgroundWork } from '@consult/background';
import { requireRole, validateBody } from '@consult/consultation';
import { IsInstant } from '@consult/workflows';
import { RequestContextFactory } from './request-context';

/** `PUT /api/clock` body. */
export class SetClockRequest {
  /** The new time: an ISO 8601 instant with an offset, not before the clock's current time. */
  @IsInstant()
  now: string;
}

@ApiTags('time')
@ApiBearerAuth()
@Controller('api/clock')
export class ClockController {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(BackgroundWork) private readonly work: BackgroundWork,
    @Inject(RequestContextFactory) private readonly contexts: RequestContextFactory,
  ) {}

  @Put()
  @ApiOperation({ summary: 'Set the manual clock (never backwards: 409) and do everything that falls due, in time order: reminders, deadlines, their notifications (CONSULT_CLOCK=manual only)' })
  @ApiBody({ schema: { type: 'object', required: ['now'], additionalProperties: false, properties: { now: { type: 'string', format: 'date-time' } } } })
  async setClock(@Body() body: unknown, @Req() request: FastifyRequest) {
    if (!(this.clock instanceof ManualClock)) throw new NotFoundException('the clock can only be set when CONSULT_CLOCK=manual');
    requireRole(this.contexts.from(request).caller, ['secretariat'], 'setting the clock');
    const { now } = validateBody(SetClockRequest, body, 'body');
    this.clock.set(new Date(now));
    const { fired, reminders, deliveries } = await this.work.runDue(true);
    return { now: this.clock.now().toISOString(), fired, reminders, deliveries };
  }
}
