import { IsNull, type DataSource } from 'typeorm';
import { Page, SubscriptionRecord, SubscriptionRepository } from '../subscriptions/subscription.repository';
import { insertIgnoringConflicts } from './insert-ignoring';
import { SubscriptionRow } from './notification.entities';

/** Subscriptions in the read-model database. */
export class TypeormSubscriptionRepository extends SubscriptionRepository {
  constructor(private readonly db: DataSource) {
    super();
  }

  async add(record: SubscriptionRecord): Promise<SubscriptionRecord> {
    // A concurrent retry with the same Idempotency-Key loses on the unique index and answers with the winner.
    await insertIgnoringConflicts(this.db.manager, SubscriptionRow, [{ ...record, removedAt: null }]);
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
    const result = await this.db.getRepository(SubscriptionRow).update(
      { id, removedAt: IsNull(), ...(ownerSub === null ? {} : { ownerSub }) },
      { removedAt },
    );
    return (result.affected ?? 0) > 0;
  }
}

function recordOf(row: SubscriptionRow): SubscriptionRecord {
  const { removedAt: _removedAt, ...record } = row;
  return record as SubscriptionRecord;
}
