import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { DeliveryAttemptRow, NotificationDeliveryRow } from '@consult/notifications/entities';
import { MetricsService } from './metrics.service';

interface Count { channel: string; label: string; n: string | number }

/**
 * The outbox's gauges, counted in its tables at each scrape: deliveries by channel and status
 * (pending, sent, failed, dead, cancelled) and tries by channel and outcome. Counted in the
 * database, not in this process, so that any api's `/metrics` shows the work of every worker.
 */
@Injectable()
export class DeliveryMetrics implements OnModuleInit {
  private readonly logger = new Logger('Metrics');

  constructor(private readonly metrics: MetricsService, @Optional() @Inject(DataSource) private readonly db?: DataSource) {}

  onModuleInit(): void {
    const { db } = this;
    if (!db?.hasMetadata(NotificationDeliveryRow)) return;
    this.gauge('consult_deliveries', 'Outgoing e-mail and webhook deliveries, by channel and status', 'status', () => db
      .createQueryBuilder(NotificationDeliveryRow, 'd')
      .select('d.channel', 'channel').addSelect('d.status', 'label').addSelect('COUNT(*)', 'n')
      .groupBy('d.channel').addGroupBy('d.status').getRawMany<Count>());
    this.gauge('consult_delivery_attempts', 'Tries of outgoing deliveries, by channel and outcome (accepted, failed, ...)', 'outcome', () => db
      .createQueryBuilder(DeliveryAttemptRow, 'a')
      .innerJoin(NotificationDeliveryRow, 'd', 'd.id = a.deliveryId')
      .select('d.channel', 'channel').addSelect('a.outcome', 'label').addSelect('COUNT(*)', 'n')
      .groupBy('d.channel').addGroupBy('a.outcome').getRawMany<Count>());
  }

  /** A gauge set from `count` at each scrape; a failed count leaves it out of that scrape and is logged. */
  private gauge(name: string, help: string, label: 'status' | 'outcome', count: () => Promise<Count[]>): void {
    const logger = this.logger;
    new Gauge({
      name, help, labelNames: ['channel', label] as const, registers: [this.metrics.registry],
      async collect() {
        const rows = await count().catch((error: unknown) => {
          logger.error(`metrics: the outbox did not answer: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
        this.reset();
        for (const row of rows ?? []) this.set({ channel: row.channel, [label]: row.label } as Record<'channel' | typeof label, string>, Number(row.n));
      },
    });
  }
}
