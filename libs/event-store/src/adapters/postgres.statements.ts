import { QueryConfig } from 'pg';
import { StoredEvent } from '../event-store.port';
import { StoredState } from './postgres.append-plan';
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

/** A row of the batch lookup: a stream's last event (position null) or an event with a requested id. */
export type LookupRow = Omit<EventRow, 'position'> & { position: string | null };

const COLUMNS = 'position, stream, revision, id, type, data, metadata, prev_hash, hash';
const MAX_REVISION = 2147483647;

/** Every statement the adapter runs, named so each pooled connection prepares it once. */
export function statements(t: PostgresTables) {
  const named = (name: string, text: string) => (values: unknown[] = []): QueryConfig => ({
    name: `${name}_${t.schema}`, text, values,
  });
  return {
    /**
     * Simple-protocol text (no parameters), so opening costs one round trip. Read
     * committed whatever the server default: after the lock wait, each statement must
     * see the previous writer's commit.
     */
    begin: `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT last FROM ${t.head} FOR UPDATE`,
    /**
     * Moves the counter, wakes listeners (NOTIFY is delivered at COMMIT) and commits, in
     * one round trip. Both values are inlined: an integer we computed and a channel name
     * made of identifier characters only.
     */
    finish: (head: number) => {
      if (!Number.isSafeInteger(head)) throw new RangeError(`invalid head position ${head}`);
      return `UPDATE ${t.head} SET last = ${head}; SELECT pg_notify('${t.channel}', '${head}'); COMMIT`;
    },
    /** One round trip for what a batch asks: where each stream ends, and which of its ids are stored. */
    lookup: named('es_lookup',
      `SELECT last.stream, last.revision, last.hash, NULL::bigint AS position, NULL::text AS id, NULL::text AS type,
              NULL::json AS data, NULL::json AS metadata, NULL::text AS prev_hash
       FROM unnest($1::text[]) AS wanted (stream)
       CROSS JOIN LATERAL (
         SELECT stream, revision, hash FROM ${t.events} AS e
         WHERE e.stream = wanted.stream ORDER BY revision DESC LIMIT 1
       ) AS last
       UNION ALL
       SELECT stream, revision, hash, position, id, type, data, metadata, prev_hash
       FROM ${t.events} WHERE id = ANY($2::text[])`),
    insert: named('es_insert',
      `INSERT INTO ${t.events} (${COLUMNS})
       SELECT * FROM unnest(
         $1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::json[], $7::json[], $8::text[], $9::text[])`),
    forwards: (stream: string, from = 0, maxCount?: number) => named('es_forwards',
      `SELECT ${COLUMNS} FROM ${t.events} WHERE stream = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
    )([stream, from, maxCount ?? null]),
    backwards: (stream: string, from = MAX_REVISION, maxCount?: number) => named('es_backwards',
      `SELECT ${COLUMNS} FROM ${t.events} WHERE stream = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`,
    )([stream, Math.min(from, MAX_REVISION), maxCount ?? null]),
    all: (after = 0, maxCount?: number) => named('es_all',
      `SELECT ${COLUMNS} FROM ${t.events} WHERE position > $1 ORDER BY position LIMIT $2`,
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

export function storedState(rows: LookupRow[]): StoredState {
  const state: StoredState = { heads: new Map(), byId: new Map() };
  for (const row of rows) {
    if (row.position === null) state.heads.set(row.stream, { revision: row.revision, hash: row.hash });
    else state.byId.set(row.id, fromRow(row as EventRow));
  }
  return state;
}

/** The insert's parameters: one array a column, so any number of rows is one statement. */
export function insertValues(events: StoredEvent[]): unknown[] {
  return [
    events.map((e) => e.position),
    events.map((e) => e.stream),
    events.map((e) => e.revision),
    events.map((e) => e.id),
    events.map((e) => e.type),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata)),
    events.map((e) => e.prevHash),
    events.map((e) => e.hash),
  ];
}

/** True for a unique violation of the constraint that makes event ids durable idempotency keys. */
export function isDuplicateId(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === 'events_id_key';
}
