import type { EntityManager } from 'typeorm';
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
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
}

/** Records one try of `delivery` and its new state, releasing the claim. */
export async function recordAttempt(manager: EntityManager, delivery: ClaimedDelivery, at: string, attempt: RecordedAttempt): Promise<void> {
  const { name, table, param } = dialect(manager);
  const tried = attempt.status !== 'cancelled';
  const attempts = delivery.attempts + (tried ? 1 : 0);
  if (tried) {
    await manager.getRepository(DeliveryAttemptRow).insert({
      id: deterministicId(delivery.id, String(attempts), 'attempt'), deliveryId: delivery.id, attempt: attempts, at, outcome: attempt.outcome, error: attempt.error ?? null,
    });
  }
  await manager.query(
    `UPDATE ${table(NotificationDeliveryRow)} SET ${name('status')} = ${param(1)}, ${name('attempts')} = ${param(2)}, ${name('nextAttemptAt')} = ${param(3)}, ` +
    `${name('lastError')} = ${param(4)}, ${name('sentAt')} = ${param(5)}, ${name('claimedUntil')} = NULL WHERE ${name('id')} = ${param(6)}`,
    [attempt.status, attempts, attempt.nextAttemptAt ?? at, attempt.error ?? null, attempt.status === 'sent' ? at : null, delivery.id],
  );
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
