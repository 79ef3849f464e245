import { Module } from '@nestjs/common';
import { HttpObservabilityHook } from './http-observability.hook';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Prometheus metrics at `GET /metrics`, with request durations for every route. */
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, HttpObservabilityHook],
  exports: [MetricsService],
})
export class MetricsModule {}
