import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IsInstant } from '@consult/workflows';
import { AuditService, requireRole, validateBody } from '@consult/consultation';
import { RequestContextFactory } from './request-context';

/** `GET /api/consultations/:id/state` query. */
export class StateAtRequest {
  /** The instant to replay to: ISO 8601 with an offset. */
  @IsInstant()
  at: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/consultations/:id')
export class AuditController {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RequestContextFactory) private readonly contexts: RequestContextFactory,
  ) {}

  @Get('history')
  @ApiOperation({ summary: 'Every event with actor, time and hash (secretariat, auditor)' })
  async history(@Param('id') id: string, @Req() request: FastifyRequest) {
    requireRole(this.contexts.from(request).caller, ['secretariat', 'auditor'], 'reading the history');
    return this.audit.history(id);
  }

  @Get('state')
  @ApiOperation({ summary: 'State replayed as of an instant (secretariat, auditor)' })
  @ApiQuery({ name: 'at', required: true, description: 'ISO 8601 instant with an offset', schema: { type: 'string', format: 'date-time' } })
  async stateAt(@Param('id') id: string, @Query() query: unknown, @Req() request: FastifyRequest) {
    requireRole(this.contexts.from(request).caller, ['secretariat', 'auditor'], 'reading past states');
    // Validated after the role check, so the public learns nothing from a bad query.
    return this.audit.stateAt(id, validateBody(StateAtRequest, { ...(query as object) }, 'query').at);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Hash chains and a full replay through the recorded workflow version (auditor)' })
  async verify(@Param('id') id: string, @Req() request: FastifyRequest) {
    requireRole(this.contexts.from(request).caller, ['auditor'], 'verifying');
    return this.audit.verify(id);
  }
}
