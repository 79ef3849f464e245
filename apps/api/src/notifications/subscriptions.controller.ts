import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ListSubscriptionsRequest, SubscriptionsService } from '@consult/notifications';
import { MAX_OFFSET } from '@consult/projections';
import { RequestContextFactory } from '../consultations/request-context';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/subscriptions')
export class SubscriptionsController {
  constructor(
    @Inject(SubscriptionsService) private readonly subscriptions: SubscriptionsService,
    @Inject(RequestContextFactory) private readonly contexts: RequestContextFactory,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe to one consultation (or all) by e-mail or webhook; notifications also reach the in-app feed' })
  @ApiBody({ schema: { $ref: '#/components/schemas/SubscribeRequest' } })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async subscribe(@Body() body: unknown, @Req() request: FastifyRequest) {
    const context = this.contexts.from(request);
    return this.subscriptions.subscribe(context.caller, body, context.idempotencyKey);
  }

  @Get()
  @ApiOperation({ summary: 'The caller\'s subscriptions (the secretariat: everyone\'s), oldest first, paged' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 } })
  async list(@Query() query: ListSubscriptionsRequest, @Req() request: FastifyRequest) {
    return this.subscriptions.list(this.contexts.from(request).caller, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unsubscribe (one\'s own; the secretariat: anyone\'s)' })
  async remove(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.subscriptions.remove(this.contexts.from(request).caller, id);
  }
}
