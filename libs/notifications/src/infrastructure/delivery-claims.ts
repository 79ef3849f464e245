import type { DataSource, EntityManager } from 'typeorm';
import { DeliveryAttemptRow, NotificationDeliveryRow } from './notification.entities';
import { deterministicId } from './deterministic-id';

/** A claimed delivery with what sending it needs: its subscription and its content. */
export interface ClaimedDelivery {
  id: string;
  notificationId: string;
  kind: string;
  channel: string;
  attempts: number;
  createdAt: string;
  subscriptionId: string;
  address: string;
  language: string;
  digest: string;
  removedAt: string | null;
  type: string | null;
  consultationId: string | null;
  params: string | null;
  consultation: string | null;
  occurredAt: string | null;
}

/** What became of one try, as it is recorded. */
export interface RecordedAttempt {
  outcome: 'accepted' | 'retry' | 'failed-permanently';
  error?: string;
  status: 'sent' | 'failed' | 'dead' | 'cancelled';
  nextAttemptAt?: string;
}

/** SQL names for one connection: quoted identifiers, numbered or positional parameters. */
function dialect(manager: EntityManager) {
  const driver = manager.connection.driver;
  const postgres = driver.options.type === 'postgres';
  const name = (column: string) => driver.escape(column);
  const table = (entity: Function) => manager.connection.getMetadata(entity).tablePath.split('.').map(name).join('.');
  const param = (i: number) => (postgres ? `$${i}` : '?');
  const list = (from: number, count: number) => Array.from({ length: count }, (_, i) => param(from + i)).join(', ');
  return { postgres, name, table, param, list };
}

/**
 * Claims up to `limit` deliveries due at `at` that no live claim holds, until `claimedUntil`:
 * on PostgreSQL rows another dispatcher is claiming are skipped (`FOR UPDATE SKIP LOCKED`), so
 * several processes share the outbox; SQLite serves one process. Run in a transaction.
 */
export async function claimDue(manager: EntityManager, at: string, nowIso: string, claimedUntil: string, limit: number): Promise<string[]> {
  const { postgres, name, table, param } = dialect(manager);
  const d = table(NotificationDeliveryRow);
  const rows: { id: string }[] = await manager.query(
    `SELECT ${name('id')} AS id FROM ${d} WHERE ${name('status')} IN ('pending', 'failed') AND ${name('nextAttemptAt')} <= ${param(1)} ` +
    `AND (${name('claimedUntil')} IS NULL OR ${name('claimedUntil')} < ${param(2)}) ORDER BY ${name('nextAttemptAt')} LIMIT ${limit}` +
    (postgres ? ' FOR UPDATE SKIP LOCKED' : ''),
    [at, nowIso],
  );
  const ids = rows.map((row) => row.id);
  if (ids.length > 0) {
    await manager.query(`UPDATE ${d} SET ${name('claimedUntil')} = ${param(1)} WHERE ${name('id')} IN (${dialect(manager).list(2, ids.length)})`, [claimedUntil, ...ids]);
  }
  return ids;
}

/** The claimed deliveries with their subscriptions and contents. */
export async function loadClaimed(manager: EntityManager, ids: readonly string[], subscriptionTable: Function, contentTable: Function): Promise<ClaimedDelivery[]> {
  if (ids.length === 0) return [];
  const { name, table, list } = dialect(manager);
  const d = (c: string) => `d.${name(c)}`;
  const s = (c: string) => `s.${name(c)}`;
  const c = (col: string) => `c.${name(col)}`;
  const columns = [
    `${d('id')} AS id`, `${d('notificationId')} AS "notificationId"`, `${d('kind')} AS kind`, `${d('channel')} AS channel`, `${d('attempts')} AS attempts`,
    `${d('createdAt')} AS "createdAt"`, `${d('subscriptionId')} AS "subscriptionId"`, `${s('address')} AS address`, `${s('language')} AS language`,
    `${s('digest')} AS digest`, `${s('removedAt')} AS "removedAt"`, `${c('type')} AS type`, `${c('consultationId')} AS "consultationId"`,
    `${c('params')} AS params`, `${c('consultation')} AS consultation`, `${c('occurredAt')} AS "occurredAt"`,
  ];
  const rows: ClaimedDelivery[] = await manager.query(
    `SELECT ${columns.join(', ')} FROM ${table(NotificationDeliveryRow)} d JOIN ${table(subscriptionTable)} s ON s.${name('id')} = ${d('subscriptionId')} ` +
    `LEFT JOIN ${table(contentTable)} c ON c.${name('id')} = ${d('contentId')} WHERE ${d('id')} IN (${list(1, ids.length)})`,
    [...ids],
  );
  // In the order claimed (oldest due first): one subscriber's notices are sent in that order.
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts) })).sort((x, y) => order.get(x.id)! - order.get(y.id)!);
}

/** One try to record: the delivery as claimed, when, and what became of it. */
export interface AttemptEntry {
  delivery: ClaimedDelivery;
  at: string;
  attempt: RecordedAttempt;
}

/**
 * Records tries and the deliveries' new states, releasing their claims: the attempt rows in one
 * multi-row INSERT, the deliveries in one UPDATE per distinct new state (usually one for a whole
 * batch). Run in a transaction, so that they are all kept or none (a delivery not recorded is
 * sent again once its claim lapses).
 */
export async function recordAttempts(manager: EntityManager, entries: readonly AttemptEntry[]): Promise<void> {
  const tried = entries.filter((e) => e.attempt.status !== 'cancelled').map(({ delivery, at, attempt }) => {
    const number = delivery.attempts + 1;
    return { id: deterministicId(delivery.id, String(number), 'attempt'), deliveryId: delivery.id, attempt: number, at, outcome: attempt.outcome, error: attempt.error ?? null };
  });
  for (let i = 0; i < tried.length; i += 100) await manager.getRepository(DeliveryAttemptRow).insert(tried.slice(i, i + 100));
  const groups = new Map<string, { values: unknown[]; ids: string[] }>();
  for (const { delivery, at, attempt } of entries) {
    const values = [attempt.status, delivery.attempts + (attempt.status === 'cancelled' ? 0 : 1), attempt.nextAttemptAt ?? at, attempt.error ?? null, attempt.status === 'sent' ? at : null];
    const key = JSON.stringify(values);
    const group = groups.get(key) ?? groups.set(key, { values, ids: [] }).get(key)!;
    group.ids.push(delivery.id);
  }
  const { name, table, param, list } = dialect(manager);
  for (const { values, ids: all } of groups.values()) {
    for (let i = 0; i < all.length; i += 500) {
      const ids = all.slice(i, i + 500);
      await manager.query(
        `UPDATE ${table(NotificationDeliveryRow)} SET ${name('status')} = ${param(1)}, ${name('attempts')} = ${param(2)}, ${name('nextAttemptAt')} = ${param(3)}, ` +
        `${name('lastError')} = ${param(4)}, ${name('sentAt')} = ${param(5)}, ${name('claimedUntil')} = NULL WHERE ${name('id')} IN (${list(6, ids.length)})`,
        [...values, ...ids],
      );
    }
  }
}

/**
 * Records tries in groups: a commit (an fsync) shared by many deliveries instead of paid by each.
 * A group is written once `groupSize` tries wait, or on `flush` (the dispatcher's batch end), and
 * while one commits the next gathers. The group bounds what a dispatcher killed before recording
 * leaves to be sent again; on SQLite, whose commits block the thread, tries gather only between
 * commits, so waiting for a group is what makes them share one. `record` resolves once kept.
 */
export class AttemptLog {
  private waiting: { entries: readonly AttemptEntry[]; kept: () => void; failed: (error: unknown) => void }[] = [];
  private waitingTries = 0;
  private writing = false;
  private flushWanted = false;

  constructor(private readonly db: DataSource, private readonly groupSize: number) {}

  record(entries: readonly AttemptEntry[]): Promise<void> {
    const kept = new Promise<void>((resolve, reject) => this.waiting.push({ entries, kept: resolve, failed: reject }));
    this.waitingTries += entries.length;
    if (this.waitingTries >= this.groupSize) this.flush();
    return kept;
  }

  /** Writes what waits now, or as soon as the group being written is kept. */
  flush(): void {
    if (this.writing) {
      this.flushWanted = true;
      return;
    }
    if (this.waiting.length === 0) return;
    [this.writing, this.flushWanted] = [true, false];
    const group = this.waiting.splice(0);
    this.waitingTries = 0;
    void this.keep(group).finally(() => {
      this.writing = false;
      if (this.flushWanted || this.waitingTries >= this.groupSize) this.flush();
    });
  }

  /** One transaction for the group; if it fails, each of its tries alone, so that one bad try (say, recorded meanwhile by a dispatcher whose claim came after ours lapsed) does not undo the others. */
  private async keep(group: AttemptLog['waiting']): Promise<void> {
    try {
      await this.db.transaction((manager) => recordAttempts(manager, group.flatMap((g) => g.entries)));
      group.forEach((g) => g.kept());
    } catch (error) {
      if (group.length === 1) return group[0].failed(error);
      for (const one of group) await this.keep([one]);
    }
  }
}

/** Puts a claimed delivery back, untried, to be due at `nextAttemptAt` (a digest's hour). */
export async function postpone(manager: EntityManager, ids: readonly string[], nextAttemptAt: string): Promise<void> {
  if (ids.length === 0) return;
  const { name, table, param, list } = dialect(manager);
  await manager.query(
    `UPDATE ${table(NotificationDeliveryRow)} SET ${name('nextAttemptAt')} = ${param(1)}, ${name('claimedUntil')} = NULL WHERE ${name('id')} IN (${list(2, ids.length)})`,
    [nextAttemptAt, ...ids],
  );
}
