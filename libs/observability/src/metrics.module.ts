import { Module } from '@nestjs/common';
import { HttpObservabilityHook } from './http-observability.hook';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { DeliveryMetrics } from './delivery-metrics';
import { ProjectionMetrics } from './projection-metrics';

/** Prometheus metrics at `GET /metrics`, with request durations for every route the read models' gauges and the outbox's. */
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, HttpObservabilityHook, ProjectionMetrics, DeliveryMetrics],
  exports: [MetricsService],
})
export class MetricsModule {}
