import { Module } from '@nestjs/common';
import { AuditLogModule } from '@consult/audit';
import { AuditLogController, EventProofController } from './audit-log.controller';

/** `/api/audit/*` and the event proofs (DESIGN.md "Audit"). */
@Module({
  imports: [AuditLogModule],
  controllers: [AuditLogController, EventProofController],
})
export class AuditLogApiModule {}
