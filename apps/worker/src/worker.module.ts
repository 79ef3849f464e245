import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, ConfigModule } from '@consult/config';
import { EventStoreModule } from '@consult/persistence';

/**
 * The background process: configuration and the event store. The deadline, projection and
 * notification reactors are added here by the issues that build them.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [ConfigModule.forRoot(config), EventStoreModule] };
  }
}
