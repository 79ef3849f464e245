import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { EventStore } from '@consult/event-store';
import { ProjectionStatus, projectionStatus } from '@consult/projections';
import { MetricsService } from './metrics.service';

/**
 * The read models' gauges, read from their database at each scrape: parked events by
 * projection and the lag behind the store. Absent where the process has no read models.
 */
@Injectable()
export class ProjectionMetrics implements OnModuleInit {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly metrics: MetricsService,
    @Optional() @Inject(EventStore) private readonly store?: EventStore,
    @Optional() @Inject(DataSource) private readonly readModels?: DataSource,
  ) {}

  onModuleInit(): void {
    const { store, readModels } = this;
    if (store && readModels) registerProjectionGauges(this.metrics, () => store.headPosition().then((head) => projectionStatus(readModels, head)), this.logger);
  }
}

/** Registers the gauges on `metrics`; a failed read leaves them out of that scrape and is logged. */
export function registerProjectionGauges(metrics: MetricsService, status: () => Promise<ProjectionStatus>, logger?: Pick<Logger, 'error'>): void {
  const read = () => status().catch((error) => {
    logger?.error(`metrics: the read models did not answer: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  new Gauge({
    name: 'consult_projection_parked_events',
    help: 'Events a projection could not apply and parked (retry: consult projections retry)',
    labelNames: ['projection'] as const,
    registers: [metrics.registry],
    async collect() {
      const current = await read();
      this.reset();
      for (const [projection, count] of Object.entries(current?.parkedByProjection ?? {})) this.set({ projection }, count);
    },
  });
  new Gauge({
    name: 'consult_projection_lag_events',
    help: 'Events in the store not yet in the read models',
    registers: [metrics.registry],
    async collect() {
      const current = await read();
      if (current) this.set(current.lag);
    },
  });
}
