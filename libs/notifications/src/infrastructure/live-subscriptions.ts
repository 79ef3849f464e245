import type { Database } from 'better-sqlite3';
import type { EntityManager } from 'typeorm';
import { SubscriptionRow } from './notification.entities';

/** The columns the writer needs of a subscription. */
export type Recipient = Pick<SubscriptionRow, 'id' | 'ownerSub' | 'ownerRole' | 'ownerGroup' | 'consultationId' | 'channel' | 'language' | 'status' | 'fromPosition' | 'createdAt'>
  & { types: string[] | null };

/** Consultation ids one `IN (...)` carries at most. */
const IDS_PER_QUERY = 500;

const COLUMNS = ['id', 'ownerSub', 'ownerRole', 'ownerGroup', 'consultationId', 'channel', 'language', 'status', 'fromPosition', 'createdAt', 'types'] as const;

/** One selected row, its values in the order of `COLUMNS`. */
type Values = readonly unknown[];

/**
 * Live subscriptions of these consultations or of all, oldest first (a person's first one names
 * their language). Plain SQL, rows read as arrays where the driver allows: for 10,000 subscribers,
 * building entities (or better-sqlite3's row objects) cost more than the query itself.
 */
export async function liveSubscriptions(manager: EntityManager, consultationIds: readonly string[]): Promise<Recipient[]> {
  const driver = manager.connection.driver;
  const name = (column: string) => driver.escape(column);
  const postgres = driver.options.type === 'postgres';
  const table = manager.connection.getMetadata(SubscriptionRow).tablePath.split('.').map(name).join('.');
  const select = `SELECT ${COLUMNS.map(name).join(', ')} FROM ${table} WHERE ${name('removedAt')} IS NULL AND (${name('consultationId')} IN `;
  // SQLite compares text byte by byte, as JavaScript does: it sorts one query's rows itself, faster.
  const order = postgres ? '' : ` ORDER BY ${name('createdAt')}, ${name('id')}`;
  let found: Recipient[] = [];
  for (let start = 0; start < consultationIds.length; start += IDS_PER_QUERY) {
    const ids = consultationIds.slice(start, start + IDS_PER_QUERY);
    const list = ids.map((_, i) => (postgres ? `$${i + 1}` : '?')).join(', ');
    const all = start === 0 ? ` OR ${name('consultationId')} IS NULL` : '';
    const rows = await recipientsOf(manager, `${select}(${list})${all})${order}`, ids);
    found = start === 0 ? rows : found.concat(rows);
  }
  const sorted = !postgres && consultationIds.length <= IDS_PER_QUERY;
  return sorted ? found : found.sort(olderFirst);
}

/** On better-sqlite3 the rows are read as arrays (raw mode); other drivers' row objects are kept. */
async function recipientsOf(manager: EntityManager, sql: string, params: string[]): Promise<Recipient[]> {
  if (manager.connection.driver.options.type === 'better-sqlite3') {
    // One connection: the caller's transaction is on it, so this reads what the transaction sees.
    const sqlite = (manager.connection.driver as unknown as { databaseConnection: Database }).databaseConnection;
    return (sqlite.prepare(sql).raw(true).all(...params) as Values[]).map(fromValues);
  }
  const rows: (Omit<Recipient, 'types'> & { types: string | null })[] = await manager.query(sql, params);
  // PostgreSQL hands a bigint back as text; the types are JSON text.
  return rows.map((row) => ({ ...row, fromPosition: Number(row.fromPosition), types: typesOf(row.types) }));
}

function fromValues(row: Values): Recipient {
  return {
    id: row[0] as string, ownerSub: row[1] as string, ownerRole: row[2] as string, ownerGroup: row[3] as string | null,
    consultationId: row[4] as string | null, channel: row[5] as string, language: row[6] as string, status: row[7] as string,
    fromPosition: Number(row[8]), createdAt: row[9] as string, types: typesOf(row[10] as string | null),
  };
}

const typesOf = (json: string | null): string[] | null => (json === null || json === '' ? null : (JSON.parse(json) as string[]));

const olderFirst = (a: Recipient, b: Recipient): number =>
  (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
