import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DELIVERY_STATUSES, DeliveriesService, ListDeliveriesRequest } from '@consult/notifications';
import { MAX_OFFSET } from '@consult/projections';
import { RequestContextFactory } from '../consultations/request-context';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/deliveries')
export class DeliveriesController {
  constructor(
    @Inject(DeliveriesService) private readonly deliveries: DeliveriesService,
    @Inject(RequestContextFactory) private readonly contexts: RequestContextFactory,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Outgoing e-mail and webhook deliveries with their attempts, newest first, paged (secretariat)' })
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 } })
  async list(@Query() query: ListDeliveriesRequest, @Req() request: FastifyRequest) {
    return this.deliveries.list(this.contexts.from(request).caller, query);
  }

  @Post(':id/redeliver')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a dead or failed delivery again, now (secretariat); any other: 409' })
  async redeliver(@Param('id') id: string, @Req() request: FastifyRequest) {
    return this.deliveries.redeliver(this.contexts.from(request).caller, id);
  }
}
