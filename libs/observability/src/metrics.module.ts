import { Module } from '@nestjs/common';
import { HttpObservabilityHook } from './http-observability.hook';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ProjectionMetrics } from './projection-metrics';

/** Prometheus metrics at `GET /metrics`, with request durations for every route and the read models' gauges. */
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, HttpObservabilityHook, ProjectionMetrics],
  exports: [MetricsService],
})
export class MetricsModule {}
