import { Controller, Get, Header, Inject, Optional, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IsIn, IsOptional } from 'class-validator';
import { IsInstant } from '@consult/workflows';
import {
  AUDIT_REPORT_CSS, AuditLogService, REPORT_LANGUAGES, type ReportCheckpoint, type ReportLanguage, renderAuditReport,
} from '@consult/audit';
import { AuditService, requireRole, validateBody } from '@consult/consultation';
import { RequestContextFactory } from './request-context';

/** `GET /api/consultations/:id/state` query. */
export class StateAtRequest {
  /** The instant to replay to: ISO 8601 with an offset. */
  @IsInstant()
  at: string;
}

/** `GET /api/consultations/:id/audit-report` query. */
export class AuditReportRequest {
  /** The report's language (default English). */
  @IsOptional() @IsIn(REPORT_LANGUAGES)
  lang?: ReportLanguage;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/consultations/:id')
export class AuditController {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RequestContextFactory) private readonly contexts: RequestContextFactory,
    // Optional: the api serves the report (saying no checkpoint is available) even without the audit log wired.
    @Optional() @Inject(AuditLogService) private readonly auditLog?: AuditLogService,
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

  @Get('audit-report')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Printable HTML audit report: timeline, Council decisions, who/why/what changed, verification, checkpoint (secretariat, auditor)' })
  @ApiQuery({ name: 'lang', required: false, enum: REPORT_LANGUAGES })
  async report(@Param('id') id: string, @Query() query: unknown, @Req() request: FastifyRequest): Promise<string> {
    requireRole(this.contexts.from(request).caller, ['secretariat', 'auditor'], 'reading the audit report');
    const { lang = 'en' } = validateBody(AuditReportRequest, { ...(query as object) }, 'query');
    const { events: history } = await this.audit.history(id);
    const verification = await this.audit.verify(id);
    return renderAuditReport({ lang, consultationId: id, history, verification, checkpoint: await this.latestCheckpoint() });
  }

  /** The latest signed checkpoint, covering every event stored now; none when the log cannot give one. */
  private async latestCheckpoint(): Promise<ReportCheckpoint | null> {
    if (!this.auditLog) return null;
    try {
      const { treeSize, rootHash, note, issuedAt } = await this.auditLog.checkpoint();
      return { treeSize, rootHash: rootHash.toString('base64'), note, issuedAt };
    } catch {
      return null;
    }
  }
}

/** The audit report's stylesheet: a file, since the pages' policy allows no inline style. */
@ApiExcludeController()
@Controller('assets')
export class AuditReportAssetsController {
  @Get('audit-report.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  stylesheet(): string {
    return AUDIT_REPORT_CSS;
  }
}
