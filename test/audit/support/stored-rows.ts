import Database from 'better-sqlite3';
import { Client } from 'pg';

/** An event row exactly as the adapters store it: data and metadata as their stored JSON text. */
export interface EventRow {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
  prevHash: string;
  hash: string;
}

/**
 * Direct SQL on a store's `events` table, behind the engine's back: what someone with
 * write access to the database can do. Tests tamper through it and nothing else.
 */
export interface StoredRows {
  /** The stream's rows in revision order. */
  stream(stream: string): Promise<EventRow[]>;
  /** The highest position in the whole log (0 when empty). */
  headPosition(): Promise<number>;
  /**
   * Rewrites a stream from `before` to `after` in one transaction: rows that differ are
   * deleted first, then the new ones inserted (the unique indexes on id and
   * (stream, revision) are checked row by row, so an in-place swap would collide).
   */
  replace(before: EventRow[], after: EventRow[]): Promise<void>;
  close(): Promise<void>;
}

const COLUMNS = 'position, stream, revision, id, type, data, metadata, prev_hash, hash';

const same = (a: EventRow, b: EventRow) => (Object.keys(a) as (keyof EventRow)[]).every((key) => a[key] === b[key]);

/** What `replace` must delete and insert: unchanged rows (same position, same content) are left alone. */
export function diffRows(before: EventRow[], after: EventRow[]): { remove: EventRow[]; add: EventRow[] } {
  const kept = (row: EventRow, other: EventRow[]) => other.some((o) => o.position === row.position && same(o, row));
  return { remove: before.filter((row) => !kept(row, after)), add: after.filter((row) => !kept(row, before)) };
}

const values = (r: EventRow) => [r.position, r.stream, r.revision, r.id, r.type, r.data, r.metadata, r.prevHash, r.hash];

/** The rows of a SQLite store's file, on a connection of its own (the store keeps its own open). */
export function sqliteRows(path: string): StoredRows {
  const db = new Database(path);
  db.pragma('busy_timeout = 10000');
  const toRow = (r: Record<string, unknown>): EventRow => ({
    position: Number(r.position), stream: String(r.stream), revision: Number(r.revision), id: String(r.id), type: String(r.type),
    data: String(r.data), metadata: String(r.metadata), prevHash: String(r.prev_hash), hash: String(r.hash),
  });
  const rewrite = db.transaction((remove: EventRow[], add: EventRow[]) => {
    for (const row of remove) db.prepare('DELETE FROM events WHERE position = ?').run(row.position);
    for (const row of add) db.prepare(`INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...values(row));
  });
  return {
    stream: async (stream) =>
      (db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? ORDER BY revision`).all(stream) as Record<string, unknown>[]).map(toRow),
    headPosition: async () => Number((db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').get() as { head: number }).head),
    replace: async (before, after) => {
      const { remove, add } = diffRows(before, after);
      rewrite(remove, add);
    },
    close: async () => void db.close(),
  };
}

/** The rows of a PostgreSQL store's schema; JSON columns are read and written as text, unchanged. */
export async function postgresRows(url: string, schema: string): Promise<StoredRows> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const table = `"${schema}".events`;
  const toRow = (r: Record<string, unknown>): EventRow => ({
    position: Number(r.position), stream: String(r.stream), revision: Number(r.revision), id: String(r.id), type: String(r.type),
    data: String(r.data), metadata: String(r.metadata), prevHash: String(r.prev_hash), hash: String(r.hash),
  });
  return {
    stream: async (stream) => {
      const result = await client.query(
        `SELECT position, stream, revision, id, type, data::text AS data, metadata::text AS metadata, prev_hash, hash
           FROM ${table} WHERE stream = $1 ORDER BY revision`, [stream]);
      return result.rows.map(toRow);
    },
    headPosition: async () => Number((await client.query(`SELECT coalesce(max(position), 0) AS head FROM ${table}`)).rows[0].head),
    replace: async (before, after) => {
      const { remove, add } = diffRows(before, after);
      await client.query('BEGIN');
      try {
        for (const row of remove) await client.query(`DELETE FROM ${table} WHERE position = $1`, [row.position]);
        for (const row of add) {
          await client.query(`INSERT INTO ${table} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::json, $7::json, $8, $9)`, values(row));
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    close: () => client.end(),
  };
}
