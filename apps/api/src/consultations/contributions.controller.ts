import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ContributionsService, hasRole } from '@consult/consultation';
import { ListContributionsQuery, ListContributionsRequest, MAX_OFFSET } from '@consult/projections';
import { RequestContextFactory } from './request-context';
import { contributionBodySchema } from './openapi.schemas';
import { answer } from './read-answer';

@ApiTags('contributions')
@ApiBearerAuth()
@Controller('api/consultations/:id/contributions')
export class ContributionsController {
  constructor(
    @Inject(ContributionsService) private readonly contributions: ContributionsService,
    @Inject(ListContributionsQuery) private readonly listQuery: ListContributionsQuery,
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
  @ApiOperation({ summary: 'Published contributions, in the order they came; all of them for the secretariat. Paged.' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 } })
  async list(@Param('id') id: string, @Query() query: ListContributionsRequest, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const unpublished = hasRole(this.contexts.from(request).caller, ['secretariat']);
    return answer(reply, await this.listQuery.execute(id, { ...query, unpublished }));
  }
}
