import { In, IsNull, LessThan, Or, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { DeliveryLog, RedeliveryResult } from '../deliveries/deliveries.service';
import type { DeliveryAttemptView, DeliveryStatus, DeliveryView } from '../deliveries/delivery.dto';
import { deliverySql } from './delivery-sql';
import { DeliveryAttemptRow, NotificationContentRow, NotificationDeliveryRow, SubscriptionRow } from './notification.entities';

type DeliveryFields = Omit<DeliveryView, 'attemptsLog'>;

/** Only these can be sent again: a dead one was given up, a failed one waits for its backoff. */
const REDELIVERABLE = ['dead', 'failed'];

/** The outbox in the read-model database, as the secretariat reads and repairs it. */
export class TypeormDeliveryLog extends DeliveryLog {
  constructor(private readonly db: DataSource) {
    super();
  }

  async list(status: DeliveryStatus | undefined, limit: number, offset: number): Promise<{ total: number; items: DeliveryView[] }> {
    const total = await this.db.getRepository(NotificationDeliveryRow).countBy(status === undefined ? {} : { status });
    const query = this.joined().orderBy('d.createdAt', 'DESC').addOrderBy('d.id', 'ASC').limit(limit).offset(offset);
    if (status !== undefined) query.where('d.status = :status', { status });
    return { total, items: await this.withAttempts(await query.getRawMany<DeliveryFields>()) };
  }

  async redeliver(id: string, at: string, realNow: string): Promise<RedeliveryResult> {
    // One conditional update: a delivery a dispatcher holds right now (a live claim) is not taken from under it.
    const affected = this.db.options.type === 'postgres'
      ? await this.redeliverUnlocked(id, at, realNow)
      : (await this.db.getRepository(NotificationDeliveryRow).update(
        { id, status: In(REDELIVERABLE), claimedUntil: Or(IsNull(), LessThan(realNow)) },
        { status: 'pending', nextAttemptAt: at, claimedUntil: null },
      )).affected ?? 0;
    const found = await this.byId(id);
    if (!found) return { outcome: 'missing' };
    if (affected === 0) return { outcome: 'refused', status: found.status };
    return { outcome: 'queued', delivery: found };
  }

  /**
   * On PostgreSQL a dispatcher holds what it sends by a row lock (postgres-claims.ts): a locked
   * row is skipped, not waited for (its batch may take a while), and counts as held, as a live
   * lease does (one written by the version before is still honoured). The number of rows updated.
   */
  private async redeliverUnlocked(id: string, at: string, realNow: string): Promise<number> {
    const { name, table } = deliverySql(this.db.manager);
    const d = table(NotificationDeliveryRow);
    const [, affected] = await this.db.query(
      `UPDATE ${d} SET ${name('status')} = 'pending', ${name('nextAttemptAt')} = $2, ${name('claimedUntil')} = NULL WHERE ${name('id')} IN ` +
      `(SELECT ${name('id')} FROM ${d} WHERE ${name('id')} = $1 AND ${name('status')} IN (${REDELIVERABLE.map((s) => `'${s}'`).join(', ')}) ` +
      `AND (${name('claimedUntil')} IS NULL OR ${name('claimedUntil')} < $3) FOR NO KEY UPDATE SKIP LOCKED)`,
      [id, at, realNow],
    );
    return Number(affected);
  }

  private async byId(id: string): Promise<DeliveryView | undefined> {
    const rows = await this.joined().where('d.id = :id', { id }).getRawMany<DeliveryFields>();
    return (await this.withAttempts(rows))[0];
  }

  /** Each delivery with its subscription's address and its content's type and consultation. */
  private joined(): SelectQueryBuilder<NotificationDeliveryRow> {
    const columns = ['id', 'kind', 'channel', 'status', 'attempts', 'nextAttemptAt', 'createdAt', 'sentAt', 'lastError', 'subscriptionId'];
    const query = this.db.getRepository(NotificationDeliveryRow).createQueryBuilder('d')
      .leftJoin(SubscriptionRow, 's', 's.id = d.subscriptionId')
      .leftJoin(NotificationContentRow, 'c', 'c.id = d.contentId')
      .select('s.address', 'address').addSelect('c.type', 'type').addSelect('c.consultationId', 'consultationId');
    for (const column of columns) query.addSelect(`d.${column}`, column);
    return query;
  }

  private async withAttempts(rows: DeliveryFields[]): Promise<DeliveryView[]> {
    const ids = rows.map((row) => row.id);
    const attempts = ids.length === 0 ? [] : await this.db.getRepository(DeliveryAttemptRow).find({
      where: { deliveryId: In(ids) }, order: { deliveryId: 'ASC', attempt: 'ASC' },
    });
    const byDelivery = new Map<string, DeliveryAttemptView[]>();
    for (const { deliveryId, attempt, at, outcome, error } of attempts) {
      byDelivery.set(deliveryId, [...(byDelivery.get(deliveryId) ?? []), { attempt, at, outcome: outcome as DeliveryAttemptView['outcome'], error }]);
    }
    return rows.map((row) => ({
      ...row, attempts: Number(row.attempts), address: row.address ?? null, type: row.type ?? null, consultationId: row.consultationId ?? null,
      attemptsLog: byDelivery.get(row.id) ?? [],
    }));
  }
}
