import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { UpcomingDeadlinesQuery, UpcomingDeadlinesRequest } from '@consult/projections';
import { answer } from './read-answer';

@ApiTags('time')
@Controller('api/deadlines')
export class DeadlinesController {
  constructor(@Inject(UpcomingDeadlinesQuery) private readonly deadlines: UpcomingDeadlinesQuery) {}

  @Get()
  @ApiOperation({ summary: 'Upcoming deadlines of running consultations, soonest first' })
  @ApiQuery({ name: 'until', required: false, description: 'ISO 8601 instant with an offset; default: all', schema: { type: 'string', format: 'date-time' } })
  async list(@Query() query: UpcomingDeadlinesRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.deadlines.execute(query));
  }
}
