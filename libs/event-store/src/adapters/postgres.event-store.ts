import { Pool } from 'pg';
import { Observable, Subject, merge, takeUntil } from 'rxjs';
import {
  AppendOptions, AppendResult, ChainVerification, EventHash, EventStore, NewEvent, ReadAllOptions, ReadStreamOptions, StoredEvent,
} from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { followAll } from '../subscription';
import { GroupCommit } from './group-commit';
import { commitNotifications } from './postgres.notifier';
import { AppendRequest } from './postgres.append-plan';
import { PostgresTables, ensureSchema, postgresTables } from './postgres.schema';
import { EventRow, Statements, fromRow, statements } from './postgres.statements';
import { PostgresWriter } from './postgres.writer';

/** How to reach PostgreSQL and where the tables live. */
export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Schema of the tables (created if missing); `public` by default. */
  schema?: string;
  /** Connections for reads and the writer (10). The LISTEN connection comes on top. */
  poolSize?: number;
  /** Fallback poll of subscriptions, for notifications missed while reconnecting (ms). */
  pollMs?: number;
}

/*
 * Positions: gap-free and in commit order, across processes.
 *
 * A BIGSERIAL would not do: sequence values are handed out before commit, so a
 * transaction holding 7 may commit after the one holding 8 (a reader that has seen 8
 * never goes back for 7), and a rollback loses its numbers for good (a gap).
 *
 * Instead every write transaction takes one transaction-scoped advisory lock (per
 * schema, `PostgresTables.lock`) before it inserts, and holds it until COMMIT or
 * ROLLBACK; its events are numbered from the store's last position, `max(position)`
 * (a backward step on the primary key), `last + 1, last + 2, ...`. Writers (from any
 * process) therefore insert one after the other, each commits before the next can
 * insert, and a rollback leaves nothing behind: the numbers go back. Positions become
 * visible in increasing order with no hole, and "read everything after the last
 * position I delivered" can never skip an event. (Earlier versions serialised on a row
 * of an `events_head` table, locked and updated by every commit: one more row write
 * and dead tuple a commit. That table, where it exists, is no longer read or written,
 * so older and newer writers must not share a schema.)
 *
 * Group commit: since writers are serialised anyway, appends made concurrently in this
 * process are queued and written by one transaction (`PostgresWriter`), one fsync for
 * the batch. Each append is decided in order against the stored state plus the
 * appends before it in the batch (`planAppends`), so two appends to one stream chain
 * correctly and a stale expectation or a conflict fails only its own caller.
 *
 * The common path takes one or two round trips. The batch is planned before the lock,
 * from what this process knows (`KnownHeads`: the last position and recent stream
 * heads, as left by its own commits and lookups) or, when that does not cover the
 * batch or would refuse an append, from one lookup (stream heads, ids and last
 * position in one snapshot). Then a single statement, run as its own implicit
 * transaction, takes the lock, inserts, NOTIFYs once and commits: the server answers
 * only after COMMIT. The plan was made before the lock, yet it is checked there: it
 * numbers from a position `last` that was the head when it was read, and since
 * positions are gap-free, any commit since then holds `last + 1`, so the insert fails
 * on the primary key; likewise a stream assumed new fails on (stream, revision) and a
 * stored id on `id`. When the insert succeeds nothing was committed since the plan's
 * state was read, so every outcome of the plan holds. Refusals (a stale expectation,
 * a conflicting id) are only answered from a lookup made during the call, never from
 * what the process remembered: the database may have moved on.
 *
 * When that statement fails (another process wrote first, or PostgreSQL refused a
 * value), nothing was written and the batch is written the locked way: BEGIN and the
 * lock in one round trip, then the lookup (a statement of its own, so its snapshot is
 * taken after the lock was granted), the INSERT, then NOTIFY and COMMIT together.
 * After another process's commit got in the way, the next batches go the locked way
 * directly for a while. Should that INSERT fail, the batch is rolled back and
 * replayed append by append, each in its own SAVEPOINT, so only the offending append
 * fails. Callers are answered after COMMIT returns; if it fails, every caller of the
 * batch is rejected (a retry is safe: ids are idempotency keys, kept durable by the
 * unique constraint on `id`).
 */
export class PostgresEventStore extends EventStore {
  readonly kind = 'postgres';
  private readonly committed = new Subject<void>();
  private readonly closing = new Subject<void>();
  private readonly wakeUps: Observable<unknown>;
  private readonly sql: Statements;
  private readonly writer: GroupCommit<AppendRequest, AppendResult>;

  private constructor(
    private readonly pool: Pool,
    private readonly tables: PostgresTables,
    private readonly options: PostgresEventStoreOptions,
  ) {
    super();
    this.sql = statements(tables);
    const batches = new PostgresWriter(pool, this.sql, () => this.committed.next());
    this.writer = new GroupCommit<AppendRequest, AppendResult>((batch) => batches.write(batch), 500);
    const notified = commitNotifications(options.connectionString, tables.channel).pipe(takeUntil(this.closing));
    this.wakeUps = merge(this.committed, notified);
  }

  /** Connects and creates the schema and tables if missing. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const tables = postgresTables(options.schema ?? 'public');
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      application_name: 'consult-event-store',
      keepAlive: true,
      // A writer that hangs mid-transaction must not hold the writers' lock (and every writer) for ever.
      idle_in_transaction_session_timeout: 60000,
      // Every statement here is a handful of index probes, planned the same way whatever
      // the values; left to choose, PostgreSQL re-plans the array-taking ones on every
      // call (a quarter of a millisecond for the lookup, more than it takes to run).
      // Set before the pool hands the connection out; a server that refuses it still works.
      onConnect: async (client) => {
        await client.query('SET plan_cache_mode = force_generic_plan').catch(() => undefined);
      },
    });
    // An idle connection that dies is dropped by the pool; without a listener it would crash the process.
    pool.on('error', () => undefined);
    try {
      await ensureSchema(pool, tables);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresEventStore(pool, tables, options);
  }

  append(stream: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new RangeError('append needs at least one event'));
    return this.writer.submit({ stream, events, expected: options.expectedRevision ?? 'any' });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const query = options.direction === 'backwards'
      ? this.sql.backwards(stream, options.fromRevision, options.maxCount)
      : this.sql.forwards(stream, options.fromRevision, options.maxCount);
    return (await this.pool.query<EventRow>(query)).rows.map(fromRow);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return (await this.pool.query<EventRow>(this.sql.all(options.after, options.maxCount))).rows.map(fromRow);
  }

  override async readHashes(options: ReadAllOptions = {}): Promise<EventHash[]> {
    const rows = (await this.pool.query<{ position: string; hash: string }>(this.sql.hashes(options.after, options.maxCount))).rows;
    return rows.map((row) => ({ position: Number(row.position), hash: row.hash }));
  }

  async headPosition(): Promise<number> {
    return Number((await this.pool.query<{ head: string }>(this.sql.headPosition())).rows[0].head);
  }

  /** Catch-up and live in one loop (see `followAll`), woken by NOTIFY and by this process's commits. */
  subscribeToAll(after = 0): Observable<StoredEvent> {
    return followAll(after, {
      readAfter: (position, maxCount) => this.readAll({ after: position, maxCount }),
      wakeUps: this.wakeUps,
      pollMs: this.options.pollMs ?? 500,
    });
  }

  async verifyStream(stream: string): Promise<ChainVerification> {
    return verifyChain(await this.readStream(stream));
  }

  async close(): Promise<void> {
    if (this.pool.ending) return;
    await this.writer.drain();
    this.closing.next();
    this.committed.complete();
    await this.pool.end();
  }
}
