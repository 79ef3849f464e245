import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AppConfig, ConfigModule } from '@consult/config';
import { ApiExceptionFilter, createValidationPipe } from '@consult/http';
import { HealthModule, MetricsModule } from '@consult/observability';
import { EventStoreModule } from '@consult/persistence';
import { ConsultationsApiModule } from './consultations/consultations-api.module';
import { AuthModule } from './auth/auth.module';
import { AuditLogApiModule } from './audit-log/audit-log-api.module';
import { NotificationsApiModule } from './notifications/notifications-api.module';
import { LiveApiModule } from './live/live-api.module';
import { WebApiModule } from './web/web-api.module';

/** The HTTP application: configuration, event store, health, metrics, error mapping, validation. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), EventStoreModule, HealthModule, MetricsModule, AuthModule, ConsultationsApiModule, AuditLogApiModule, NotificationsApiModule, LiveApiModule, WebApiModule],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
