import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { FeedRequest, FeedService } from '@consult/notifications';
import { MAX_OFFSET } from '@consult/projections';
import { RequestContextFactory } from '../consultations/request-context';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    @Inject(FeedService) private readonly feed: FeedService,
    @Inject(RequestContextFactory) private readonly contexts: RequestContextFactory,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The caller\'s in-app notifications, newest first, paged' })
  @ApiQuery({ name: 'unread', required: false, schema: { type: 'string', enum: ['true', 'false'] } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 } })
  async list(@Query() query: FeedRequest, @Req() request: FastifyRequest) {
    return this.feed.list(this.contexts.from(request).caller, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of the caller\'s notifications read (again: no change)' })
  async read(@Param('id') id: string, @Req() request: FastifyRequest) {
    return this.feed.markRead(this.contexts.from(request).caller, id);
  }
}
