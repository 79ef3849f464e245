import { Pool, PoolClient, QueryResult } from 'pg';
import { Observable, Subject, merge, takeUntil } from 'rxjs';
import {
  AppendOptions, AppendResult, ChainVerification, EventStore, NewEvent, ReadAllOptions, ReadStreamOptions, StoredEvent,
} from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { followAll } from '../subscription';
import { GroupCommit } from './group-commit';
import { commitNotifications } from './postgres.notifier';
import { AppendPlan, AppendRequest, Outcome, planAppends } from './postgres.append-plan';
import { PostgresTables, ensureSchema, postgresTables } from './postgres.schema';
import {
  EventRow, LookupRow, Statements, fromRow, insertValues, isDuplicateId, statements, storedState,
} from './postgres.statements';

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
 * Instead the single row of `events_head` holds the last allocated position. Every
 * write transaction first locks it (`SELECT ... FOR UPDATE`), numbers its events
 * `last + 1, last + 2, ...` and stores the new `last` just before COMMIT. The row
 * lock is held until COMMIT or ROLLBACK, so writers (from any process) allocate one
 * after the other, each commits before the next can allocate, and a rollback leaves
 * the row unchanged: the numbers go back. Positions therefore become visible in
 * increasing order with no hole, and "read everything after the last position I
 * delivered" can never skip an event. Holding the lock also makes every read in the
 * transaction (stream head, stored ids) current: nobody else can commit events meanwhile.
 *
 * Group commit: since writers are serialised anyway, appends made concurrently in this
 * process are queued and written by one transaction: one lock, one fsync, and a fixed
 * number of round trips whatever the batch size (BEGIN + lock, one lookup of every
 * stream head and id, one multi-row INSERT, counter + NOTIFY + COMMIT). Each append is
 * decided in order against what the lookup found plus the appends before it in the
 * batch (`planAppends`), so two appends to one stream chain correctly and a stale
 * expectation or a conflict fails only its own caller, having written nothing. Should
 * the INSERT itself fail (a value PostgreSQL refuses), the batch is rolled back and
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
  private readonly writer = new GroupCommit<AppendRequest, AppendResult>((batch) => this.commitBatch(batch), 500);
  private readonly sql: Statements;

  private constructor(
    private readonly pool: Pool,
    private readonly tables: PostgresTables,
    private readonly options: PostgresEventStoreOptions,
  ) {
    super();
    this.sql = statements(tables);
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
      // A writer that hangs mid-transaction must not hold the head lock (and every writer) for ever.
      idle_in_transaction_session_timeout: 60000,
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

  private async commitBatch(batch: AppendRequest[]): Promise<Outcome[]> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      try {
        return await this.writeTogether(client, batch);
      } catch (error) {
        if (!(error instanceof InsertRefused)) throw error;
        await client.query('ROLLBACK');
        return await this.writeOneByOne(client, batch);
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      // A connection that failed mid-batch is discarded rather than reused.
      client.release(failure);
    }
  }

  /** The common path: the whole batch in four round trips. */
  private async writeTogether(client: PoolClient, batch: AppendRequest[]): Promise<Outcome[]> {
    const start = await this.begin(client);
    const plan = await this.lookUpAndPlan(client, batch, start);
    try {
      await this.insert(client, plan);
    } catch (error) {
      throw new InsertRefused(error);
    }
    await this.commit(client, start, plan.head);
    return plan.outcomes;
  }

  /** After a refused INSERT: each append in its own savepoint, so one bad append fails alone. */
  private async writeOneByOne(client: PoolClient, batch: AppendRequest[]): Promise<Outcome[]> {
    const start = await this.begin(client);
    let head = start;
    const outcomes: Outcome[] = [];
    for (const request of batch) {
      const outcome = await this.writeInSavepoint(client, request, head);
      if (outcome.ok && !outcome.value.duplicate) head = outcome.value.position;
      outcomes.push(outcome);
    }
    await this.commit(client, start, head);
    return outcomes;
  }

  private async writeInSavepoint(client: PoolClient, request: AppendRequest, head: number): Promise<Outcome> {
    await client.query('SAVEPOINT append');
    try {
      const plan = await this.lookUpAndPlan(client, [request], head);
      await this.insert(client, plan);
      await client.query('RELEASE SAVEPOINT append');
      return plan.outcomes[0];
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT append; RELEASE SAVEPOINT append');
      // Unreachable while every writer holds the head lock; the constraint is the durable backstop.
      if (isDuplicateId(error)) {
        const [again] = (await this.lookUpAndPlan(client, [request], head)).outcomes;
        if (!again.ok || again.value.duplicate) return again;
      }
      return { ok: false, error };
    }
  }

  /** Opens the transaction and takes the head lock; returns the last allocated position. */
  private async begin(client: PoolClient): Promise<number> {
    const [, locked] = (await client.query(this.sql.begin)) as unknown as QueryResult<{ last: string }>[];
    return Number(locked.rows[0].last);
  }

  private async lookUpAndPlan(client: PoolClient, requests: AppendRequest[], head: number): Promise<AppendPlan> {
    const streams = [...new Set(requests.map((r) => r.stream))];
    const ids = requests.flatMap((r) => r.events.map((e) => e.id));
    const { rows } = await client.query<LookupRow>(this.sql.lookup([streams, ids]));
    return planAppends(requests, storedState(rows), head);
  }

  private async insert(client: PoolClient, plan: AppendPlan): Promise<void> {
    if (plan.rows.length > 0) await client.query(this.sql.insert(insertValues(plan.rows)));
  }

  private async commit(client: PoolClient, start: number, head: number): Promise<void> {
    const results = (await client.query(head > start ? this.sql.finish(head) : 'COMMIT')) as unknown as
      QueryResult | QueryResult[];
    const commit = Array.isArray(results) ? results[results.length - 1] : results;
    // COMMIT of a transaction that an unnoticed error aborted answers ROLLBACK.
    if (commit.command !== 'COMMIT') throw new Error(`append batch was rolled back (${commit.command})`);
    if (head > start) this.committed.next();
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

/** The batch INSERT failed on its data: replay the batch append by append. */
class InsertRefused extends Error {
  constructor(readonly cause: unknown) {
    super('batch insert refused');
  }
}
