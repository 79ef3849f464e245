import type { ClaimedDelivery, ClaimRequest } from './delivery-claims';
// Its imports of typeorm are types only: the bookkeeping thread still loads no TypeORM.
import { slices } from './delivery-sql';

/**
 * The dispatcher's bookkeeping statements on SQLite (a claim; a group of tries recorded), on a
 * plain synchronous `query`: the same code runs on the DataSource's connection and on the
 * bookkeeping thread's own (see bookkeeping-thread.ts), which loads neither TypeORM nor the
 * entities, so the tables come as names.
 */

/** A statement run synchronously on SQLite: rows for a query, nothing for a write. */
export type SqliteQuery = (sql: string, params?: readonly unknown[]) => any[];

/** The bookkeeping's tables, quoted (schema included): the same on both backends (bookkeepingTables in bookkeeping.ts). */
export interface BookkeepingTables {
  delivery: string;
  subscription: string;
  attempt: string;
}

/** A claimed row before its content is joined in (in JavaScript, from ClaimedContents). */
export type ClaimedRow = Omit<ClaimedDelivery, 'type' | 'consultationId' | 'params' | 'consultation' | 'occurredAt'>;

/** One try's row as recorded: its attempt row (none for a cancelled delivery: nothing was tried) and its delivery's new state. */
export interface AttemptRecord {
  attemptId: string | null;
  deliveryId: string;
  attempts: number;
  at: string;
  outcome: string;
  error: string | null;
  status: string;
  nextAttemptAt: string;
  sentAt: string | null;
}

/** SQLite's quoted identifier (TypeORM's SQLite drivers quote the same way). */
const name = (column: string): string => `"${column}"`;
const list = (count: number): string => Array.from({ length: count }, () => '?').join(', ');


const CLAIMED_COLUMNS = [
  ...['id', 'notificationId', 'kind', 'channel', 'attempts', 'createdAt', 'subscriptionId', 'contentId'].map((c) => `d.${name(c)} AS ${name(c)}`),
  ...['address', 'language', 'digest', 'removedAt'].map((c) => `s.${name(c)} AS ${name(c)}`),
].join(', ');

/**
 * The partial index of the deliveries still to send, in due order (`notification_delivery_to_send`,
 * notification.entities.ts). Named in the claim: without statistics (no ANALYZE) SQLite's planner
 * took the `(status, nextAttemptAt)` index instead and sorted every pending row for each claim of
 * 100 (3 ms with 10,000 pending, 0.07 ms in this index's order: a full run's claims went from
 * O(n) each to O(batch); docs/benchmarks.md, deliveries, session 9).
 */
const TO_SEND_INDEX = name('notification_delivery_to_send');

/**
 * Claims up to `limit` due deliveries no live claim holds (oldest due first; equal due times in
 * the order written, rowid, so a subscriber's notices of one moment keep their order) and reads
 * them with their subscriptions. Run inside one transaction.
 */
export function claimOnSqlite(tables: BookkeepingTables, query: SqliteQuery, { at, nowIso, until, limit }: ClaimRequest): ClaimedRow[] {
  const rows: ClaimedRow[] = query(
    `SELECT ${CLAIMED_COLUMNS} FROM ${tables.delivery} d INDEXED BY ${TO_SEND_INDEX} JOIN ${tables.subscription} s ON s.${name('id')} = d.${name('subscriptionId')} ` +
    `WHERE d.${name('status')} IN ('pending', 'failed') AND d.${name('nextAttemptAt')} <= ? ` +
    `AND (d.${name('claimedUntil')} IS NULL OR d.${name('claimedUntil')} < ?) ` +
    `ORDER BY d.${name('nextAttemptAt')}, d.rowid LIMIT ${limit}`,
    [at, nowIso],
  );
  for (const ids of slices(rows.map((row) => row.id), 500)) {
    query(`UPDATE ${tables.delivery} SET ${name('claimedUntil')} = ? WHERE ${name('id')} IN (${list(ids.length)})`, [until, ...ids]);
  }
  return rows;
}

const ATTEMPT_COLUMNS = ['id', 'deliveryId', 'attempt', 'at', 'outcome', 'error'].map(name).join(', ');

/** Records tries: a multi-row INSERT of the attempt rows and one UPDATE per distinct new state. Run inside one transaction. */
export function recordOnSqlite(tables: BookkeepingTables, query: SqliteQuery, rows: readonly AttemptRecord[]): void {
  for (const part of slices(rows.filter((row) => row.attemptId !== null), 100)) {
    query(
      `INSERT INTO ${tables.attempt} (${ATTEMPT_COLUMNS}) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap((row) => [row.attemptId, row.deliveryId, row.attempts, row.at, row.outcome, row.error]),
    );
  }
  const groups = new Map<string, { values: unknown[]; ids: string[] }>();
  for (const row of rows) {
    const values = [row.status, row.attempts, row.nextAttemptAt, row.error, row.sentAt];
    const key = JSON.stringify(values);
    const group = groups.get(key) ?? groups.set(key, { values, ids: [] }).get(key)!;
    group.ids.push(row.deliveryId);
  }
  for (const { values, ids: all } of groups.values()) {
    for (const ids of slices(all, 500)) {
      query(
        `UPDATE ${tables.delivery} SET ${name('status')} = ?, ${name('attempts')} = ?, ${name('nextAttemptAt')} = ?, ` +
        `${name('lastError')} = ?, ${name('sentAt')} = ?, ${name('claimedUntil')} = NULL WHERE ${name('id')} IN (${list(ids.length)})`,
        [...values, ...ids],
      );
    }
  }
}
