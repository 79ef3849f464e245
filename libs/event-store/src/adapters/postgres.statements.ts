import { DatabaseError, QueryConfig } from 'pg';
import { StoredEvent } from '../event-store.port';
import { StoredState, jsonTexts } from './postgres.append-plan';
import { PostgresTables } from './postgres.schema';

/** An events row as node-postgres returns it (bigint as text, json parsed). */
export interface EventRow {
  position: string;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: StoredEvent['metadata'];
  prev_hash: string;
  hash: string;
}

/** A row of the batch lookup: the store's head (stream null), a stream's last event (position null), or an event with a requested id. */
export type LookupRow = Omit<EventRow, 'position' | 'stream'> & { position: string | null; stream: string | null };

const COLUMNS = 'position, stream, revision, id, type, data, metadata, prev_hash, hash';
const MAX_REVISION = 2147483647;
const TYPES = ['bigint', 'text', 'int', 'text', 'text', 'json', 'json', 'text', 'text'];
/**
 * Up to this many rows an insert lists them in VALUES, one parameter a field (one
 * statement a row count), which PostgreSQL takes ~0.1 ms faster than the same rows as
 * arrays; bigger batches send one array a column, so any number of rows is one statement.
 */
const VALUES_MAX_ROWS = 32;
const sources = new Map<number, string>();

/** The row source `rows (position, stream, ...)` for `count` rows, by the parameters of `insertValues`. */
function rowSource(count: number): string {
  const key = count <= VALUES_MAX_ROWS ? count : 0;
  let text = sources.get(key);
  if (text === undefined) {
    text = key === 0
      ? `unnest(${TYPES.map((type, k) => `$${k + 1}::${type}[]`).join(', ')})`
      : `(VALUES ${Array.from({ length: key }, (_, r) =>
        `(${TYPES.map((type, k) => `$${r * TYPES.length + k + 1}::${type}`).join(', ')})`).join(', ')})`;
    text += ` AS rows (${COLUMNS})`;
    sources.set(key, text);
  }
  return text;
}

/** Every statement the adapter runs, named so each pooled connection prepares it once. */
export function statements(t: PostgresTables) {
  const named = (name: string, text: string) => (values: unknown[] = []): QueryConfig => ({
    name: `${name}_${t.schema}`, text, values,
  });
  return {
    /**
     * Simple-protocol text (no parameters), so opening costs one round trip. Read
     * committed whatever the server default: each later statement takes a snapshot of
     * its own, taken after the lock was granted, so it sees the previous writer's commit.
     */
    lockedBegin: `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT ${t.lock}`,
    /**
     * Wakes listeners (NOTIFY is delivered at COMMIT) and commits, in one round trip.
     * Both values are inlined: an integer we computed and a channel name made of
     * identifier characters only.
     */
    notifyAndCommit: (head: number) => {
      if (!Number.isSafeInteger(head)) throw new RangeError(`invalid head position ${head}`);
      return `SELECT pg_notify('${t.channel}', '${head}'); COMMIT`;
    },
    /**
     * One round trip, one snapshot, for what a batch needs: the last position of the
     * store (stream null), where each stream ends (position null), and which of its ids
     * are stored.
     */
    lookup: named('es_lookup',
      `SELECT NULL::text AS stream, NULL::int AS revision, NULL::text AS hash,
              coalesce(max(position), 0) AS position, NULL::text AS id, NULL::text AS type,
              NULL::json AS data, NULL::json AS metadata, NULL::text AS prev_hash
       FROM ${t.events}
       UNION ALL
       SELECT last.stream, last.revision, last.hash, NULL, NULL, NULL, NULL, NULL, NULL
       FROM unnest($1::text[]) AS wanted (stream)
       CROSS JOIN LATERAL (
         SELECT stream, revision, hash FROM ${t.events} AS e
         WHERE e.stream = wanted.stream ORDER BY revision DESC LIMIT 1
       ) AS last
       UNION ALL
       SELECT stream, revision, hash, position, id, type, data, metadata, prev_hash
       FROM ${t.events} WHERE id = ANY($2::text[])`),
    /** Inside a transaction that holds the lock. */
    insert: (rows: StoredEvent[]) => named(`es_insert_${sizeKey(rows)}`,
      `INSERT INTO ${t.events} (${COLUMNS}) SELECT rows.* FROM ${rowSource(rows.length)}`,
    )(insertValues(rows)),
    /**
     * A whole write transaction in one statement, sent outside BEGIN/COMMIT (its own
     * implicit transaction, committed before the server answers): takes the writers'
     * lock (the row source joins the lock's one-row result, so the lock is held before
     * the first row is inserted, and until COMMIT), inserts, and NOTIFYs once.
     */
    insertAndCommit: (rows: StoredEvent[]) => named(`es_insert_commit_${sizeKey(rows)}`,
      `WITH locked AS MATERIALIZED (SELECT ${t.lock}),
            inserted AS (
              INSERT INTO ${t.events} (${COLUMNS})
              SELECT rows.* FROM locked CROSS JOIN ${rowSource(rows.length)}
              RETURNING position)
       SELECT pg_notify('${t.channel}', max(position)::text) FROM inserted`,
    )(insertValues(rows)),
    forwards: (stream: string, from = 0, maxCount?: number) => named('es_forwards',
      `SELECT ${COLUMNS} FROM ${t.events} WHERE stream = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
    )([stream, from, maxCount ?? null]),
    backwards: (stream: string, from = MAX_REVISION, maxCount?: number) => named('es_backwards',
      `SELECT ${COLUMNS} FROM ${t.events} WHERE stream = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`,
    )([stream, Math.min(from, MAX_REVISION), maxCount ?? null]),
    all: (after = 0, maxCount?: number) => named('es_all',
      `SELECT ${COLUMNS} FROM ${t.events} WHERE position > $1 ORDER BY position LIMIT $2`,
    )([after, maxCount ?? null]),
    hashes: (after = 0, maxCount?: number) => named('es_hashes',
      `SELECT position, hash FROM ${t.events} WHERE position > $1 ORDER BY position LIMIT $2`,
    )([after, maxCount ?? null]),
    headPosition: named('es_head_position', `SELECT coalesce(max(position), 0) AS head FROM ${t.events}`),
  };
}

export type Statements = ReturnType<typeof statements>;

export function fromRow(row: EventRow): StoredEvent {
  return {
    position: Number(row.position), stream: row.stream, revision: row.revision, id: row.id, type: row.type,
    data: row.data, metadata: row.metadata, prevHash: row.prev_hash, hash: row.hash,
  };
}

/** What the lookup found, and the store's last position in the same snapshot. */
export function storedState(rows: LookupRow[]): { state: StoredState; head: number } {
  const state: StoredState = { heads: new Map(), byId: new Map() };
  let head = 0;
  for (const row of rows) {
    if (row.stream === null) head = Number(row.position);
    else if (row.position === null) state.heads.set(row.stream, { revision: row.revision, hash: row.hash });
    else state.byId.set(row.id, fromRow(row as EventRow));
  }
  return { state, head };
}

const sizeKey = (rows: StoredEvent[]): string => (rows.length <= VALUES_MAX_ROWS ? String(rows.length) : 'n');

/** The insert's parameters: one a field (see `rowSource`), or one array a column for big batches. */
function insertValues(events: StoredEvent[]): unknown[] {
  if (events.length <= VALUES_MAX_ROWS) {
    return events.flatMap((e) => {
      const text = jsonTexts(e);
      return [e.position, e.stream, e.revision, e.id, e.type, text.data, text.metadata, e.prevHash, e.hash];
    });
  }
  const text = events.map(jsonTexts);
  return [
    events.map((e) => e.position),
    events.map((e) => e.stream),
    events.map((e) => e.revision),
    events.map((e) => e.id),
    events.map((e) => e.type),
    text.map((t) => t.data),
    text.map((t) => t.metadata),
    events.map((e) => e.prevHash),
    events.map((e) => e.hash),
  ];
}

/** True for a unique violation of the constraint that makes event ids durable idempotency keys. */
export function isDuplicateId(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === 'events_id_key';
}

/** True for an error the server reported about a statement: its transaction is rolled back, the connection usable. */
export function isStatementError(error: unknown): boolean {
  return error instanceof DatabaseError && error.severity === 'ERROR';
}
