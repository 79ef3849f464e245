import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConsultationsService } from '@consult/consultation';
import { ListConsultationsQuery, ListConsultationsRequest, MAX_OFFSET } from '@consult/projections';
import { RequestContextFactory } from './request-context';
import { commandBodySchema, launchBodySchema } from './openapi.schemas';
import { answer } from './read-answer';

@ApiTags('consultations')
@ApiBearerAuth()
@Controller('api/consultations')
export class ConsultationsController {
  constructor(
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(ListConsultationsQuery) private readonly listQuery: ListConsultationsQuery,
    @Inject(RequestContextFactory) private readonly contexts: RequestContextFactory,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Launch a consultation (secretariat)' })
  @ApiBody({ schema: launchBodySchema() })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async launch(@Body() body: unknown, @Req() request: FastifyRequest) {
    return this.consultations.launch(body, this.contexts.from(request));
  }

  @Get()
  @ApiOperation({ summary: 'List consultations (from the summary projection), newest first, paged' })
  @ApiQuery({ name: 'state', required: false, schema: { type: 'string', maxLength: 64 } })
  @ApiQuery({ name: 'workflow', required: false, schema: { type: 'string', maxLength: 128 } })
  @ApiQuery({ name: 'q', required: false, description: 'text in a title or the reference', schema: { type: 'string', maxLength: 200 } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 } })
  async list(@Query() query: ListConsultationsRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.listQuery.execute(query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Current view, with the commands the caller may send now' })
  async get(@Param('id') id: string, @Req() request: FastifyRequest) {
    const ctx = this.contexts.from(request);
    // The write side's cache: the view is replayed from the events, never read from a read model.
    const loaded = await this.consultations.cache.load(id);
    const { launch } = loaded;
    return {
      id, workflow: launch.workflow, workflowVersion: launch.version, title: launch.title, reference: launch.reference,
      eligibleGroups: launch.eligibleGroups, timezone: launch.timezone, launchedAt: launch.launchedAt,
      version: loaded.revision,
      ...loaded.definition.view(loaded.snapshot),
      allowedCommands: this.consultations.allowedCommands(loaded, ctx),
    };
  }

  @Post(':id/commands')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a command; the payload depends on `type` (see the schemas)' })
  @ApiBody({ schema: commandBodySchema() })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async command(@Param('id') id: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    return this.consultations.execute(id, body, this.contexts.from(request));
  }
}
