import { Body, Controller, Get, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ContributionsService, InvalidInput } from '@consult/consultation';
import { RequestContextFactory } from './request-context';
import { contributionBodySchema } from './openapi.schemas';

@ApiTags('contributions')
@ApiBearerAuth()
@Controller('api/consultations/:id/contributions')
export class ContributionsController {
  constructor(
    @Inject(ContributionsService) private readonly contributions: ContributionsService,
    @Inject(RequestContextFactory) private readonly contexts: RequestContextFactory,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Contribute (participant of an eligible group, while open to that kind)' })
  @ApiBody({ schema: contributionBodySchema() })
  async submit(@Param('id') id: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const { position: _position, ...contribution } = await this.contributions.submit(id, body, this.contexts.from(request));
    return contribution;
  }

  @Get()
  @ApiOperation({ summary: 'Published contributions; all of them for the secretariat' })
  @ApiQuery({ name: 'limit', required: false }) @ApiQuery({ name: 'offset', required: false })
  async list(@Param('id') id: string, @Req() request: FastifyRequest, @Query('limit') limit?: string, @Query('offset') offset?: string) {
    return this.contributions.list(id, this.contexts.from(request), { limit: count('limit', limit), offset: count('offset', offset) });
  }
}

function count(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidInput(`${field} must be a non-negative integer`, [{ field, constraints: { invalid: 'must be a non-negative integer' } }]);
  return n;
}
