import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Observable, Subject, merge } from 'rxjs';
import {
  AppendOptions, AppendResult, ChainVerification, EventHash, EventStore, NewEvent,
  ReadAllOptions, ReadStreamOptions, StoredEvent,
} from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { followAll } from '../subscription';
import { GroupCommit } from './group-commit';
import {
  AppendReceipt, AppendRequest, EVENT_COLUMNS, EventTuple, Outcome, SqliteAppender, fromTuple, openSqliteDatabase, toAppendResult,
} from './sqlite.appender';
import { SqliteWriterThread } from './sqlite.writer';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:'. The directory is created if missing. */
  path: string;
  /** Poll interval for commits made by other processes (ms). */
  pollMs?: number;
  /**
   * More reasons for subscriptions to read at once besides this store's own commits: for
   * a follower on another thread than the writer, whose commits it is never told of.
   */
  wakeUps?: Observable<unknown>;
  /**
   * Commit in a writer thread, so the fsync never blocks this thread's event loop:
   * what a server wants. The hop costs each lone append some latency, so by default
   * commits run on this thread (always so for ':memory:').
   */
  writerThread?: boolean;
}

/**
 * The embedded adapter: one SQLite file in WAL mode with `synchronous=FULL`, so an
 * acknowledged append survives a crash or power loss. SQLite has one writer at a
 * time (BEGIN IMMEDIATE), so positions `max + 1` are gap-free and in commit order,
 * across processes too. Concurrent appends in this process share one transaction
 * and one fsync (group commit), each inside its own savepoint. Reads run on this
 * thread's connection; commits on the writer thread's (see sqlite.writer.ts).
 */
export class SqliteEventStore extends EventStore {
  readonly kind = 'sqlite';
  private readonly committed = new Subject<void>();
  private readonly writer: GroupCommit<AppendRequest, AppendResult>;
  private readonly statements;

  private constructor(
    private readonly db: Database.Database,
    private readonly options: SqliteEventStoreOptions,
    private readonly thread: SqliteWriterThread | undefined,
  ) {
    super();
    this.statements = {
      head: db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events'),
      forwards: db.prepare<[string, number, number], EventTuple>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`).raw(),
      backwards: db.prepare<[string, number, number], EventTuple>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`).raw(),
      all: db.prepare<[number, number], EventTuple>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(),
      hashes: db.prepare<[number, number], EventHash>('SELECT position, hash FROM events WHERE position > ? ORDER BY position LIMIT ?'),
    };
    const appender = thread ? undefined : new SqliteAppender(db);
    const commit = (batch: AppendRequest[]) => thread?.commit(batch) ?? appender!.commitBatch(batch);
    this.writer = new GroupCommit(async (batch) => this.acknowledge(batch, await commit(batch)));
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const db = openSqliteDatabase(options.path);
    const threaded = options.path !== ':memory:' && options.writerThread === true;
    return new SqliteEventStore(db, options, threaded ? new SqliteWriterThread(options.path) : undefined);
  }

  append(stream: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new RangeError('append needs at least one event'));
    return this.writer.submit({ stream, events, expected: options.expectedRevision ?? 'any' });
  }

  private acknowledge(batch: AppendRequest[], outcomes: Outcome<AppendReceipt>[]): Outcome<AppendResult>[] {
    const results = outcomes.map((o, i): Outcome<AppendResult> => (o.ok ? { ok: true, value: toAppendResult(batch[i], o.value) } : o));
    if (results.some((o) => o.ok && !o.value.duplicate)) this.committed.next();
    return results;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (options.direction === 'backwards') {
      return this.statements.backwards.all(stream, options.fromRevision ?? Number.MAX_SAFE_INTEGER, maxCount).map(fromTuple);
    }
    return this.statements.forwards.all(stream, options.fromRevision ?? 0, maxCount).map(fromTuple);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return this.statements.all.all(options.after ?? 0, options.maxCount ?? Number.MAX_SAFE_INTEGER).map(fromTuple);
  }

  override async readHashes(options: ReadAllOptions = {}): Promise<EventHash[]> {
    return this.statements.hashes.all(options.after ?? 0, options.maxCount ?? Number.MAX_SAFE_INTEGER);
  }

  async headPosition(): Promise<number> {
    return this.statements.head.get()?.head ?? 0;
  }

  subscribeToAll(after = 0): Observable<StoredEvent> {
    return followAll(after, {
      readAfter: (position, maxCount) => this.readAll({ after: position, maxCount }),
      wakeUps: this.options.wakeUps ? merge(this.committed, this.options.wakeUps) : this.committed,
      pollMs: this.options.pollMs ?? 200,
    });
  }

  async verifyStream(stream: string): Promise<ChainVerification> {
    return verifyChain(await this.readStream(stream));
  }

  async close(): Promise<void> {
    await this.writer.drain();
    await this.thread?.close();
    this.committed.complete();
    if (this.db.open) this.db.close();
  }
}
