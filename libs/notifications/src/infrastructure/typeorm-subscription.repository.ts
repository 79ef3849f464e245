import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { Page, SubscriptionRecord, SubscriptionRepository } from '../subscriptions/subscription.repository';
import { deliverySql } from './delivery-sql';
import { deterministicId } from './deterministic-id';
import { insertIgnoringConflicts } from './insert-ignoring';
import { NotificationDeliveryRow, SubscriptionRow } from './notification.entities';

/** The id of a subscription's confirmation message: one per subscription, however often it is written. */
export function confirmationDeliveryId(subscriptionId: string): string {
  return deterministicId('confirm', subscriptionId);
}

/** Subscriptions in the read-model database. */
export class TypeormSubscriptionRepository extends SubscriptionRepository {
  constructor(private readonly db: DataSource) {
    super();
  }

  async add(record: SubscriptionRecord): Promise<SubscriptionRecord> {
    await this.db.transaction(async (manager) => {
      // A concurrent retry with the same Idempotency-Key loses on the unique index and answers with the winner.
      await insertIgnoringConflicts(manager, SubscriptionRow, [{ ...record, removedAt: null }]);
      const stored = await manager.getRepository(SubscriptionRow).existsBy({ id: record.id });
      if (stored && record.channel === 'email' && record.status === 'pending') await addConfirmation(manager, record);
    });
    const kept = record.idempotencyKey === null ? undefined : await this.withIdempotencyKey(record.ownerSub, record.idempotencyKey);
    return kept ?? record;
  }

  async withIdempotencyKey(ownerSub: string, key: string): Promise<SubscriptionRecord | undefined> {
    const row = await this.db.getRepository(SubscriptionRow).findOneBy({ ownerSub, idempotencyKey: key });
    return row ? recordOf(row) : undefined;
  }

  async list(ownerSub: string | null, limit: number, offset: number): Promise<Page<SubscriptionRecord>> {
    const [rows, total] = await this.db.getRepository(SubscriptionRow).findAndCount({
      where: { removedAt: IsNull(), ...(ownerSub === null ? {} : { ownerSub }) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { total, items: rows.map(recordOf) };
  }

  async remove(id: string, ownerSub: string | null, removedAt: string): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const result = await manager.getRepository(SubscriptionRow).update(
        { id, removedAt: IsNull(), ...(ownerSub === null ? {} : { ownerSub }) },
        { removedAt },
      );
      if ((result.affected ?? 0) === 0) return false;
      // What is not sent yet never will be; one a dispatcher holds right now it cancels itself when it sees the removal.
      if (manager.connection.options.type === 'postgres') await cancelUnheld(manager, id);
      else {
        await manager.getRepository(NotificationDeliveryRow).update(
          { subscriptionId: id, status: In(['pending', 'failed']), claimedUntil: IsNull() },
          { status: 'cancelled' },
        );
      }
      return true;
    });
  }

  async find(id: string): Promise<(SubscriptionRecord & { removedAt: string | null }) | undefined> {
    const row = await this.db.getRepository(SubscriptionRow).findOneBy({ id });
    return row ? { ...recordOf(row), removedAt: row.removedAt } : undefined;
  }

  async activate(id: string): Promise<boolean> {
    await this.db.getRepository(SubscriptionRow).update({ id, removedAt: IsNull(), status: 'pending' }, { status: 'active' });
    return (await this.db.getRepository(SubscriptionRow).existsBy({ id, removedAt: IsNull() }));
  }
}

/**
 * On PostgreSQL a dispatcher holds what it sends by a row lock (postgres-claims.ts): those rows
 * are held, as a lease (`claimedUntil`, still honoured) makes them, and skipped rather than waited
 * for, so that removing a subscription does not wait for a batch being sent.
 */
async function cancelUnheld(manager: EntityManager, subscriptionId: string): Promise<void> {
  const { name, table } = deliverySql(manager);
  const d = table(NotificationDeliveryRow);
  await manager.query(
    `UPDATE ${d} SET ${name('status')} = 'cancelled' WHERE ${name('id')} IN (SELECT ${name('id')} FROM ${d} WHERE ${name('subscriptionId')} = $1 ` +
    `AND ${name('status')} IN ('pending', 'failed') AND ${name('claimedUntil')} IS NULL FOR NO KEY UPDATE SKIP LOCKED)`,
    [subscriptionId],
  );
}

/** The message that asks the address to confirm: due as soon as the subscription exists. */
async function addConfirmation(manager: EntityManager, record: SubscriptionRecord): Promise<void> {
  await insertIgnoringConflicts(manager, NotificationDeliveryRow, [{
    id: confirmationDeliveryId(record.id), notificationId: '', subscriptionId: record.id, channel: 'email', status: 'pending', attempts: 0,
    nextAttemptAt: record.createdAt, createdAt: record.createdAt, kind: 'confirmation', contentId: null, claimedUntil: null, lastError: null, sentAt: null,
  }]);
}

function recordOf(row: SubscriptionRow): SubscriptionRecord {
  const { removedAt: _removedAt, ...record } = row;
  return record as SubscriptionRecord;
}
