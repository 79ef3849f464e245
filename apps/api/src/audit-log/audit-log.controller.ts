import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLogService } from '@consult/audit';
import { ConsistencyRequest, InclusionProofRequest, parseRevision } from './audit-log.requests';

/** The signed checkpoints of the whole log and its consistency proofs: public, so anyone can audit. */
@ApiTags('audit')
@Controller('api/audit')
export class AuditLogController {
  constructor(@Inject(AuditLogService) private readonly auditLog: AuditLogService) {}

  @Get('checkpoint')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'The latest signed checkpoint (C2SP tlog-checkpoint, Ed25519 signed note)' })
  async checkpoint(): Promise<string> {
    return (await this.auditLog.checkpoint()).note;
  }

  @Get('public-key')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'The note verifier key of the checkpoints: <name>+<key hash>+<base64 key>' })
  publicKey(): string {
    return `${this.auditLog.publicKey()}\n`;
  }

  @Get('consistency')
  @ApiOperation({ summary: 'RFC 9162 consistency proof between two tree sizes' })
  consistency(@Query() query: ConsistencyRequest) {
    return this.auditLog.consistency(query.from, query.to);
  }
}

/** The inclusion proof of one consultation event in the log. */
@ApiTags('audit')
@Controller('api/consultations/:id/events')
export class EventProofController {
  constructor(@Inject(AuditLogService) private readonly auditLog: AuditLogService) {}

  @Get(':revision/proof')
  @ApiOperation({ summary: 'RFC 9162 inclusion proof of the event at a revision (default tree: the latest checkpoint)' })
  proof(@Param('id') id: string, @Param('revision') revision: string, @Query() query: InclusionProofRequest) {
    return this.auditLog.inclusion(id, parseRevision(revision), query.treeSize);
  }
}
