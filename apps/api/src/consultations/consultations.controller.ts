import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AuditService, ConsultationCache, ConsultationsService, ReadModelProjector, requireRole } from '@consult/consultation';
import { ConsultationSummaryRow } from '@consult/projections';
import { RequestContextFactory } from './request-context';
import { commandBodySchema, launchBodySchema } from './openapi.schemas';

@ApiTags('consultations')
@ApiBearerAuth()
@Controller('api/consultations')
export class ConsultationsController {
  constructor(
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(ConsultationCache) private readonly cache: ConsultationCache,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ReadModelProjector) private readonly projector: ReadModelProjector,
    @Inject(DataSource) private readonly db: DataSource,
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
  @ApiOperation({ summary: 'List consultations (from the summary projection)' })
  @ApiQuery({ name: 'state', required: false }) @ApiQuery({ name: 'workflow', required: false }) @ApiQuery({ name: 'q', required: false })
  async list(@Query('state') state?: string, @Query('workflow') workflow?: string, @Query('q') q?: string) {
    await this.projector.catchUp();
    const query = this.db.getRepository(ConsultationSummaryRow).createQueryBuilder('c').orderBy('c.launchedAt', 'DESC');
    if (state) query.andWhere('c.state = :state', { state });
    if (workflow) query.andWhere('c.workflow = :workflow', { workflow });
    if (q) query.andWhere('(LOWER(c.title) LIKE :q OR LOWER(c.reference) LIKE :q)', { q: `%${q.toLowerCase()}%` });
    const items = await query.getMany();
    return { total: items.length, items };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Current view, with the commands the caller may send now' })
  async get(@Param('id') id: string, @Req() request: FastifyRequest) {
    const ctx = this.contexts.from(request);
    const loaded = await this.cache.load(id);
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

  @Get(':id/history')
  @ApiOperation({ summary: 'Every event with actor, time and hash (secretariat, auditor)' })
  async history(@Param('id') id: string, @Req() request: FastifyRequest) {
    requireRole(this.contexts.from(request).caller, ['secretariat', 'auditor'], 'reading the history');
    return this.audit.history(id);
  }

  @Get(':id/state')
  @ApiOperation({ summary: 'State replayed as of an instant (secretariat, auditor)' })
  @ApiQuery({ name: 'at', required: true, description: 'ISO 8601 instant' })
  async stateAt(@Param('id') id: string, @Query('at') at: string | undefined, @Req() request: FastifyRequest) {
    requireRole(this.contexts.from(request).caller, ['secretariat', 'auditor'], 'reading past states');
    return this.audit.stateAt(id, at ?? '');
  }

  @Get(':id/verify')
  @ApiOperation({ summary: 'Hash chains and a full replay through the recorded workflow version (auditor)' })
  async verify(@Param('id') id: string, @Req() request: FastifyRequest) {
    requireRole(this.contexts.from(request).caller, ['auditor'], 'verifying');
    return this.audit.verify(id);
  }
}
