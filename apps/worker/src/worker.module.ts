import { DynamicModule, Module } from '@nestjs/common';
import { AuditLogModule } from '@consult/audit';
import { BackgroundModule } from '@consult/background';
import { AppConfig, ConfigModule } from '@consult/config';
import { ConsultationModule } from '@consult/consultation';
import { EventStoreModule } from '@consult/persistence';

/**
 * The background process: the same modules as the api without HTTP. It keeps the read models,
 * grows the audit log's tree, and runs what falls due (deadlines, reminders) and the
 * notifications, sharing the work with every other process on the same PostgreSQL.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [ConfigModule.forRoot(config), EventStoreModule, ConsultationModule, BackgroundModule, AuditLogModule] };
  }
}
