import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Client } from 'pg';
import { EventStore, NewEvent, openEventStore } from '@consult/event-store';
import { SchemaRegistry, urlWithSearchPath } from './common';
import { loadPeer } from './peers';

/** What the append and read-all sections drive: ours, Emmett, or a bare table. */
export interface System {
  name: 'ours' | 'emmett' | 'raw';
  durability: string;
  /** Appends to one stream; `writer` picks a connection where the system has one per writer. */
  append(stream: string, events: NewEvent[], writer?: number): Promise<unknown>;
  /** Reads one page of the global log after a position; returns the positions read (events fully decoded). */
  readPage(after: number, pageSize: number): Promise<number[]>;
  /** The last global position written. */
  head(): Promise<number>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- ours

export async function oursSqlite(dir: string, file = 'ours.db'): Promise<System & { store: EventStore; path: string }> {
  const path = join(dir, file);
  const store = await openEventStore({ kind: 'sqlite', sqlitePath: path });
  const durability = sqlitePragmas(path);
  return {
    name: 'ours', store, durability, path,
    append: (stream, events) => store.append(stream, events, { expectedRevision: 'any' }),
    readPage: async (after, pageSize) => (await store.readAll({ after, maxCount: pageSize })).map((e) => e.position),
    head: () => store.headPosition(),
    close: () => store.close(),
  };
}

export async function oursPostgres(url: string, schemas: SchemaRegistry): Promise<System & { store: EventStore; schema: string }> {
  const schema = schemas.reserve('bench_ours');
  const store = await openEventStore({ kind: 'postgres', sqlitePath: '', databaseUrl: url, databaseSchema: schema });
  return {
    name: 'ours', store, schema, durability: 'synchronous_commit=on',
    append: (stream, events) => store.append(stream, events, { expectedRevision: 'any' }),
    readPage: async (after, pageSize) => (await store.readAll({ after, maxCount: pageSize })).map((e) => e.position),
    head: () => store.headPosition(),
    close: () => store.close(),
  };
}

/** Reads the pragmas back from a fresh connection, so what is printed is what the file runs with. */
function sqlitePragmas(path: string, db?: Database.Database): string {
  const own = db ?? new Database(path);
  // synchronous is per connection: ask the one the system uses when we have it.
  const journal = own.pragma('journal_mode', { simple: true });
  const sync = own.pragma('synchronous', { simple: true });
  if (!db) own.close();
  return db ? `journal_mode=${journal}, synchronous=${['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(sync)]}` : `journal_mode=${journal}, synchronous=FULL (set by the adapter)`;
}

// ---------------------------------------------------------------- raw ceilings

/** A bare table, one transaction per append, WAL + synchronous=FULL. */
export function rawSqlite(dir: string): System {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS raw_events (
    position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL, id TEXT NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL)`);
  const insert = db.prepare('INSERT INTO raw_events (stream, revision, id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  const revisions = new Map<string, number>();
  const tx = db.transaction((stream: string, events: NewEvent[]) => {
    let revision = revisions.get(stream) ?? -1;
    for (const e of events) insert.run(stream, ++revision, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
    revisions.set(stream, revision);
  });
  return {
    name: 'raw', durability: sqlitePragmas('', db),
    append: async (stream, events) => tx.immediate(stream, events),
    readPage: async (after, pageSize) => readPageSqlite(db, 'raw_events', after, pageSize),
    head: async () => (db.prepare('SELECT coalesce(max(position), 0) AS h FROM raw_events').get() as { h: number }).h,
    close: async () => { db.close(); },
  };
}

/** A bare table on PostgreSQL: BEGIN, one (multi-row) INSERT, COMMIT; one client a writer. */
export async function rawPostgres(url: string, schemas: SchemaRegistry, writers: number): Promise<System> {
  const schema = await schemas.create('bench_raw');
  const clients = await Promise.all(Array.from({ length: writers }, async () => {
    const c = new Client({ connectionString: url });
    await c.connect();
    return c;
  }));
  await clients[0].query(`CREATE TABLE "${schema}".raw_events (
    position bigserial PRIMARY KEY, stream text NOT NULL, revision integer NOT NULL, id text NOT NULL,
    type text NOT NULL, data json NOT NULL, metadata json NOT NULL)`);
  const revisions = new Map<string, number>();
  return {
    name: 'raw', durability: 'synchronous_commit=on',
    append: async (stream, events, writer = 0) => {
      const c = clients[writer % clients.length];
      let revision = revisions.get(stream) ?? -1;
      const values: unknown[] = [];
      const tuples = events.map((e, i) => {
        values.push(stream, ++revision, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
        const b = i * 6;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
      });
      revisions.set(stream, revision);
      await c.query('BEGIN');
      await c.query(`INSERT INTO "${schema}".raw_events (stream, revision, id, type, data, metadata) VALUES ${tuples.join(', ')}`, values);
      await c.query('COMMIT');
    },
    readPage: async (after, pageSize) => readPagePg(clients[0], `"${schema}".raw_events`, after, pageSize),
    head: async () => Number((await clients[0].query(`SELECT coalesce(max(position), 0) AS h FROM "${schema}".raw_events`)).rows[0].h),
    close: async () => { await Promise.all(clients.map((c) => c.end())); },
  };
}

// ---------------------------------------------------------------- Emmett

type Bigintish = bigint;
interface EmmettEvent { type: string; data: unknown; metadata?: unknown }
interface EmmettStore { appendToStream(stream: string, events: EmmettEvent[]): Promise<unknown>; close?(): Promise<void> }
interface EmmettBatch { messages: { metadata: { globalPosition: Bigintish } }[]; currentGlobalPosition: Bigintish }

const toEmmett = (events: NewEvent[]): EmmettEvent[] => events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));

/**
 * Emmett on SQLite at its best setting: one reused connection (`singleton`). Emmett
 * 0.42 sets journal_mode=WAL itself; synchronous=FULL is set explicitly. Concurrent
 * writers share that connection (with one connection each, BEGIN IMMEDIATE fails with
 * SQLITE_BUSY at once); on a shared connection Emmett nests their transactions, so an
 * append can be acknowledged before the COMMIT that makes it durable.
 */
export async function emmettSqlite(dir: string): Promise<System | undefined> {
  const emt = loadPeer<any>('emmett-sqlite', '@event-driven-io/emmett-sqlite');
  if (!emt) return undefined;
  const fileName = join(dir, 'emmett.db');
  const connection = emt.sqliteConnection({ fileName });
  await connection.command('PRAGMA journal_mode = WAL');
  await connection.command('PRAGMA synchronous = FULL');
  await connection.command('PRAGMA busy_timeout = 30000');
  const conns = [connection];
  const store: EmmettStore = emt.getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' }, connectionOptions: { singleton: true, connection } });
  await store.appendToStream('warmup-0', [{ type: 'Warmup', data: {}, metadata: {} }]);
  const stores = [store];
  const reader = emt.sqliteConnection({ fileName });
  await reader.command('PRAGMA busy_timeout = 30000');
  const journal = await conns[0].querySingle('PRAGMA journal_mode');
  const sync = await conns[0].querySingle('PRAGMA synchronous');
  return {
    name: 'emmett',
    durability: `journal_mode=${journal.journal_mode}, synchronous=${['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(sync.synchronous)]}`,
    append: (stream, events, writer = 0) => stores[writer % stores.length].appendToStream(stream, toEmmett(events)),
    readPage: async (after, pageSize) => positionsOf(await emt.readMessagesBatch(reader, { after: BigInt(after), batchSize: pageSize })),
    // Emmett 0.42's readLastMessageGlobalPosition on SQLite orders ascending: it returns the first position.
    head: async () => Number((await reader.querySingle('SELECT coalesce(max(global_position), 0) AS h FROM emt_messages')).h),
    close: async () => { for (const c of [...conns, reader]) c.close(); },
  };
}

/** Emmett on PostgreSQL (its pooled default), in a schema of its own through search_path. */
export async function emmettPostgres(url: string, schemas: SchemaRegistry): Promise<System | undefined> {
  const emt = loadPeer<any>('emmett-postgresql', '@event-driven-io/emmett-postgresql');
  const dumbo = loadPeer<any>('emmett-postgresql', '@event-driven-io/dumbo');
  if (!emt || !dumbo) return undefined;
  const schema = await schemas.create('bench_emmett');
  const connectionString = urlWithSearchPath(url, schema);
  const store: EmmettStore = emt.getPostgreSQLEventStore(connectionString);
  await store.appendToStream('warmup-0', [{ type: 'Warmup', data: {}, metadata: {} }]);
  const pool = dumbo.dumbo({ connectionString });
  return {
    name: 'emmett', durability: 'synchronous_commit=on',
    append: (stream, events) => store.appendToStream(stream, toEmmett(events)),
    readPage: async (after, pageSize) => positionsOf(await emt.readMessagesBatch(pool.execute, { after: BigInt(after), batchSize: pageSize })),
    // Emmett 0.42's readLastMessageGlobalPosition orders ascending (the first position): ask directly.
    head: async () => {
      const c = new Client({ connectionString });
      await c.connect();
      try {
        return Number((await c.query('SELECT coalesce(max(global_position), 0) AS h FROM emt_messages')).rows[0].h);
      } finally {
        await c.end();
      }
    },
    // Emmett looks its functions up in pg_proc across all schemas (and skips creating them
    // if found anywhere), so only one Emmett schema may exist at a time: drop it on close.
    close: async () => { await pool.close(); await store.close?.(); await schemas.drop(schema); },
  };
}

const positionsOf = (batch: EmmettBatch): number[] => batch.messages.map((m) => Number(m.metadata.globalPosition));

/** The raw ceiling of a read: SELECT the rows in position order and JSON.parse data and metadata. */
export function readPageSqlite(db: Database.Database, table: string, after: number, pageSize: number): number[] {
  const rows = db.prepare(`SELECT * FROM ${table} WHERE position > ? ORDER BY position LIMIT ?`).all(after, pageSize) as
    { position: number; data: string; metadata: string }[];
  return rows.map((r) => {
    const event = { ...r, data: JSON.parse(r.data), metadata: JSON.parse(r.metadata) };
    return event.position;
  });
}

/** The same on PostgreSQL: node-postgres parses json columns as it reads them. */
export async function readPagePg(client: Client, table: string, after: number, pageSize: number): Promise<number[]> {
  const { rows } = await client.query({ text: `SELECT * FROM ${table} WHERE position > $1 ORDER BY position LIMIT $2`, values: [after, pageSize] });
  return rows.map((r: { position: string }) => Number(r.position));
}
