import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { deliverySql } from './delivery-sql';
import { DeliveryAttemptRow, NotificationDeliveryRow, SubscriptionRow } from './notification.entities';
import type { BookkeepingTables, SqliteQuery } from './sqlite-bookkeeping';

/**
 * Where the dispatcher's bookkeeping is written: claims, tries and the deliveries' new states
 * (never the notifications and their outbox rows, which NotificationWriter writes with full
 * durability). These commits are not made durable against an OS crash or a power cut, only
 * against the process dying (SIGKILL included), because what such a loss costs is bounded and
 * allowed: the last few hundred milliseconds of records are lost, and the deliveries they
 * recorded are sent again once their claims lapse, with the same `webhook-id`/Message-ID
 * (issue 11: "a receiver may then see the same webhook-id twice, never two ids for one
 * notification"). A lost claim only lets a delivery be claimed again.
 * - PostgreSQL: the statements go through a small pool of the dispatcher's own (a claim holds
 *   one of its connections for its transaction, postgres-claims.ts) whose sessions run with
 *   `synchronous_commit = off`: a commit returns without waiting for the WAL flush (the
 *   WAL writer flushes within about three `wal_writer_delay`s, 200 ms each by default). The
 *   server's machine crashing loses at most that; a killed client (or server process) loses
 *   nothing committed. Everything else on the DataSource keeps `synchronous_commit` as configured.
 * - SQLite (WAL): each transaction runs with `synchronous = NORMAL` (no fsync at its commit; the
 *   WAL is in the OS's page cache, so a killed process loses nothing; the next FULL commit or
 *   checkpoint syncs it): on the bookkeeping thread's own connection (bookkeeping-thread.ts), or
 *   synchronously on the DataSource's one connection, whose own setting is back before any
 *   other statement can run (nothing else runs on the thread meanwhile). Each fsync blocked the
 *   thread, and every send with it, 4 ms or more.
 */

export type { SqliteQuery } from './sqlite-bookkeeping';

const tablesKept = new WeakMap<DataSource, BookkeepingTables>();

/** The bookkeeping's tables of `db`, quoted (schema included), worked out once. */
export function bookkeepingTables(db: DataSource): BookkeepingTables {
  let tables = tablesKept.get(db);
  if (!tables) {
    const { table } = deliverySql(db.manager);
    tables = { delivery: table(NotificationDeliveryRow), subscription: table(SubscriptionRow), attempt: table(DeliveryAttemptRow) };
    tablesKept.set(db, tables);
  }
  return tables;
}

/** A statement to PostgreSQL: plain text (the simple protocol, several statements allowed), or named and prepared. */
type PgStatement = string | { name: string; text: string; values: readonly unknown[] };

/** A connection of the bookkeeping pool, checked out (pg's `PoolClient`): a claim's transaction holds one (postgres-claims.ts). */
export interface PgClient {
  query(statement: PgStatement): Promise<{ rows: any[] }>;
  on(event: 'error', listener: (error: Error) => void): void;
  removeListener(event: 'error', listener: (error: Error) => void): void;
  /** Back to the pool; with an error, closed instead (its session is in an unknown state). */
  release(error?: Error): void;
}

interface PgPool {
  query(statement: PgStatement): Promise<{ rows: any[] }>;
  connect(): Promise<PgClient>;
  on(event: 'error', listener: (error: Error) => void): void;
}

/** Connections of the bookkeeping pool: a run's open claims (two at most, postgres-claims.ts), for one or two dispatchers of the process. */
const RELAXED_POOL_MAX = 5;
/** The pool's connections close once idle this long, so a process that stopped dispatching holds none (nothing closes the pool). */
const RELAXED_POOL_IDLE_MS = 5_000;
const relaxedPools = new WeakMap<DataSource, PgPool>();

/**
 * The dispatcher's own small pool on the DataSource's database, its sessions opened with
 * `synchronous_commit = off` (see above): each statement is one round trip, as on the shared
 * pool (`SET LOCAL` in a transaction of its own cost three more, measured slower). Its idle
 * connections close by themselves and do not keep the process alive.
 */
function relaxedPool(db: DataSource): PgPool {
  let pool = relaxedPools.get(db);
  if (!pool) {
    const driver = db.driver as unknown as { postgres: { Pool: new (options: object) => PgPool } };
    pool = new driver.postgres.Pool(relaxedPoolOptions(db));
    // A connection lost while idle is the pool's to replace; a statement's own error reaches its caller.
    pool.on('error', () => undefined);
    relaxedPools.set(db, pool);
  }
  return pool;
}

/**
 * How the bookkeeping sessions plan, for the claim's and the record's sake. The outbox's statistics are stale right
 * after a reminder wrote thousands of deliveries (measured: estimated 3 due rows, 10,000 there), and
 * the planner then read every due row through a bitmap scan and sorted them all for each claim of
 * 50 (12-16 ms a claim at 10,000 pending, the database's CPU 1.4-2.3 s a run of 10,000 webhooks)
 * instead of reading the `notification_delivery_to_send` index in order and stopping at 50 (about
 * 0.2 ms). No bitmap scans, then; and no JIT, which a plan's cost can trigger and which never pays for
 * statements of 50 rows (250 ms a claim, measured, once a sort was priced out). No sequential scans
 * either (priced out, not forbidden): every bookkeeping statement touches a batch's rows by index,
 * but the record's plan, prepared and cached while the outbox was small, joined the batch's tries to
 * the deliveries by hashing a scan of the whole table, and kept doing so as it grew (session 10: the
 * database's CPU 1.1 → 2.7 s a run over five rounds of 10,000 webhooks).
 */
export const PLANNER_SETTINGS = '-c enable_bitmapscan=off -c enable_seqscan=off -c jit=off';

/** The options of pg's `Pool` for the bookkeeping pool of `db`. */
function relaxedPoolOptions(db: DataSource): Record<string, unknown> {
  const o = (db.driver as unknown as { options: Record<string, any> }).options;
  const extra = (o.extra ?? {}) as Record<string, unknown>;
  return {
    connectionString: o.url, host: o.host, user: o.username, password: o.password, database: o.database, port: o.port, ssl: o.ssl,
    connectionTimeoutMillis: o.connectTimeoutMS, application_name: o.applicationName,
    ...extra,
    options: `${typeof extra.options === 'string' ? `${extra.options} ` : ''}-c synchronous_commit=off ${PLANNER_SETTINGS}`,
    max: RELAXED_POOL_MAX, idleTimeoutMillis: RELAXED_POOL_IDLE_MS, allowExitOnIdle: true,
  };
}

/** A connection of the bookkeeping pool for a transaction of its own (`synchronous_commit = off`, as above): release it when done. */
export const relaxedClient = (db: DataSource): Promise<PgClient> => relaxedPool(db).connect();

/**
 * `sql` with its parameters as a named prepared statement: its few shapes are parsed and planned
 * once a connection, not on every claim and every record (the claim's and the record's CTEs cost
 * about as much to plan as to run for 25 rows).
 */
export const prepared = (sql: string, values: readonly unknown[] = []) => ({ name: statementName(sql), text: sql, values });

const names = new Map<string, string>();
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `consult_delivery_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    names.set(sql, name);
    if (names.size > PREPARED_KEPT) names.delete(names.keys().next().value!);
  }
  return name;
}

interface BetterSqliteStatement {
  reader: boolean;
  all(...params: unknown[]): any[];
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): unknown;
  pluck(on: boolean): BetterSqliteStatement;
}

/** SQLite's `synchronous = NORMAL`. */
const SYNCHRONOUS_NORMAL = 1;

interface BetterSqlite {
  inTransaction: boolean;
  prepare(sql: string): BetterSqliteStatement;
  exec(sql: string): void;
}

/** Prepared statements kept per connection (a run's statements are a handful of shapes). */
const PREPARED_KEPT = 64;
const preparedSqlite = new WeakMap<BetterSqlite, Map<string, BetterSqliteStatement>>();

const isBusy = (error: unknown): boolean => String((error as { code?: string })?.code ?? '').startsWith('SQLITE_BUSY');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** How long a SQLite bookkeeping transaction waits, in all, for the connection or the database to be free. */
const WAIT_MS = 10_000;

/**
 * Runs `work` as one SQLite transaction, synchronously, with `synchronous = NORMAL` (see above).
 * The DataSource has one connection: while one of its TypeORM transactions is open (it spans
 * awaits), this waits for it to end, asynchronously; likewise while another connection (another
 * thread's) holds the write lock.
 */
export async function relaxedSqlite<T>(db: DataSource, work: (query: SqliteQuery) => T): Promise<T> {
  const connection = (db.driver as unknown as { databaseConnection: BetterSqlite }).databaseConnection;
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    if (!connection.inTransaction) {
      try {
        return runRelaxed(connection, work);
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
      }
    } else if (Date.now() > deadline) {
      throw new Error('the SQLite connection stayed in a transaction for 10 s: the delivery bookkeeping could not be written');
    }
    await sleep(delay);
  }
}

function runRelaxed<T>(connection: BetterSqlite, work: (query: SqliteQuery) => T): T {
  // Prepared once and kept (better-sqlite3's `pragma()` prepares afresh each call): five pragmas a transaction.
  const setting = (name: string): number => Number(statementOf(connection, `PRAGMA ${name}`).pluck(true).get());
  const set = (name: string, value: number) => statementOf(connection, `PRAGMA ${name} = ${value}`).run();
  const own = setting('synchronous');
  set('synchronous', SYNCHRONOUS_NORMAL);
  try {
    // No busy wait of SQLite's own at BEGIN (better-sqlite3's freezes the thread): a busy database is waited for above, asynchronously.
    const busyTimeout = setting('busy_timeout');
    set('busy_timeout', 0);
    try {
      connection.exec('BEGIN IMMEDIATE');
    } finally {
      set('busy_timeout', busyTimeout);
    }
    try {
      const result = work((sql, params = []) => {
        const statement = statementOf(connection, sql);
        if (statement.reader) return statement.all(...params);
        statement.run(...params);
        return [];
      });
      connection.exec('COMMIT');
      return result;
    } catch (error) {
      if (connection.inTransaction) connection.exec('ROLLBACK');
      throw error;
    }
  } finally {
    set('synchronous', own);
  }
}

function statementOf(connection: BetterSqlite, sql: string): BetterSqliteStatement {
  let kept = preparedSqlite.get(connection);
  if (!kept) preparedSqlite.set(connection, (kept = new Map()));
  let statement = kept.get(sql);
  if (!statement) {
    statement = connection.prepare(sql);
    kept.set(sql, statement);
    if (kept.size > PREPARED_KEPT) kept.delete(kept.keys().next().value!);
  }
  return statement;
}
