import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** `GET /health`; needs `AppConfig` and `EventStore` from global modules. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
