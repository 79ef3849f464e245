import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ThreadCalls, startThread } from '@consult/threads';
import { bookkeepingTables, relaxedSqlite } from './bookkeeping';
import type { ClaimRequest } from './delivery-claims';
import { claimOnSqlite, recordOnSqlite, type AttemptRecord, type ClaimedRow, type BookkeepingTables } from './sqlite-bookkeeping';

/** What the bookkeeping thread opens: the read-model database's file, and the tables' names. */
export interface BookkeepingThreadConfig {
  path: string;
  tables: BookkeepingTables;
  /** How long its transaction waits for another connection's write lock (it blocks only that thread). */
  busyTimeoutMs: number;
}

export type BookkeepingRequest = { seq: number; claim: ClaimRequest } | { seq: number; record: AttemptRecord[] } | { seq: number; checkpoint: true } | { close: true };
export type BookkeepingAnswer = { seq: number; rows: ClaimedRow[] } | { seq: number; recorded: true } | { seq: number; failed: { message: string; code?: string } };
export type BookkeepingNotice = { ready: true } | { startFailed: string };

const decode = (answer: BookkeepingAnswer): ClaimedRow[] | undefined => {
  if ('failed' in answer) throw Object.assign(new Error(`delivery bookkeeping: ${answer.failed.message}`), { code: answer.failed.code });
  return 'rows' in answer ? answer.rows : undefined;
};

/** How long the thread's transactions wait for the database's write lock: as long as the in-thread path waits (bookkeeping.ts). */
const BUSY_TIMEOUT_MS = 10_000;
/** The thread ends once it has had nothing to do this long (a process that stopped dispatching holds no thread). */
const IDLE_MS = 5_000;
/** How long after a thread failed to start before another is tried (the statements run on the DataSource's connection meanwhile). */
const RESPAWN_MS = 5_000;

/**
 * The dispatcher's SQLite bookkeeping (claims, tries recorded), on a thread of its own with its
 * own connection to the same file. better-sqlite3 is synchronous: on the DataSource's connection
 * each claim and each group of records stopped the sending thread for its statements and its
 * commit (a third of a run's CPU, docs/benchmarks.md, deliveries, session 8); on the thread it
 * runs on the other core while sends go on. Transactions are one at a time there, in the order
 * asked, and wait for the database's write lock there, not here. Until the thread has started
 * (it compiles and opens for a moment), after it failed, and for a database in memory (which
 * another connection cannot open), the statements run here, as before (`relaxedSqlite`).
 */
export class SqliteBookkeeping {
  private readonly tables: BookkeepingTables;
  private readonly config: BookkeepingThreadConfig | undefined;
  private starting?: Promise<ThreadCalls<BookkeepingAnswer, ClaimedRow[] | undefined>>;
  private ready?: ThreadCalls<BookkeepingAnswer, ClaimedRow[] | undefined>;
  private failedAt = -Infinity;
  private usedAt = 0;
  /** Claims and records the thread has done (what shows a test it is used). */
  threadCalls = 0;
  private idleCheck?: NodeJS.Timeout;

  constructor(private readonly db: DataSource) {
    const path = (db.options as { database?: string }).database;
    this.tables = bookkeepingTables(db);
    this.config = path && path !== ':memory:' && !path.startsWith('file:') ? { path, busyTimeoutMs: BUSY_TIMEOUT_MS, tables: this.tables } : undefined;
  }

  /** Whether the statements can go to a thread (a database file), so that records need not wait for one another here. */
  get threaded(): boolean {
    return this.config !== undefined;
  }

  /** Resolves once the thread is ready (true), or could not start or is not used for this database (false). */
  async started(): Promise<boolean> {
    this.start();
    return this.starting ? this.starting.then(() => true, () => false) : false;
  }

  /** Starts the thread without waiting for it (a dispatcher does so when made, so that its first run finds it ready). */
  start(): void {
    if (!this.config || this.starting || Date.now() - this.failedAt < RESPAWN_MS) return;
    const started = this.spawn(this.config);
    this.starting = started;
    started.then((calls) => {
      if (this.starting !== started) return;
      this.ready = calls;
      this.usedAt = Date.now();
      this.idleCheck = setInterval(() => { if (Date.now() - this.usedAt >= IDLE_MS && calls.inFlight === 0) void this.stop(); }, IDLE_MS);
      this.idleCheck.unref();
    }, () => {
      this.failedAt = Date.now();
      if (this.starting === started) this.starting = undefined;
    });
  }

  async claim(request: ClaimRequest): Promise<ClaimedRow[]> {
    const calls = this.calls();
    if (!calls) return relaxedSqlite(this.db, (query) => claimOnSqlite(this.tables, query, request));
    const rows = (await calls.call((seq) => ({ seq, claim: request }) satisfies BookkeepingRequest))!;
    this.threadCalls += 1;
    return rows;
  }

  async record(rows: AttemptRecord[]): Promise<void> {
    const calls = this.calls();
    if (!calls) return relaxedSqlite(this.db, (query) => recordOnSqlite(this.tables, query, rows));
    await calls.call((seq) => ({ seq, record: rows }) satisfies BookkeepingRequest);
    this.threadCalls += 1;
  }

  /**
   * Has the thread checkpoint the WAL now, as it does once its commits pause (see the thread): for
   * a measurement that must not leave that work to whatever it times next. Nothing without a thread.
   */
  async checkpoint(): Promise<void> {
    await this.ready?.call((seq) => ({ seq, checkpoint: true }) satisfies BookkeepingRequest);
  }

  /** Ends the thread (it starts again at the next claim or record). */
  async stop(): Promise<void> {
    const starting = this.starting;
    [this.starting, this.ready] = [undefined, undefined];
    clearInterval(this.idleCheck);
    const calls = await starting?.catch(() => undefined);
    if (!calls) return;
    calls.hold();
    const exited = new Promise<void>((resolve) => calls.worker.once('exit', () => resolve()));
    calls.worker.postMessage({ close: true } satisfies BookkeepingRequest);
    await exited;
  }

  /** The thread's calls when it is ready; otherwise undefined (and the thread started if due). */
  private calls(): ThreadCalls<BookkeepingAnswer, ClaimedRow[] | undefined> | undefined {
    if (!this.ready) {
      this.start();
      return undefined;
    }
    this.usedAt = Date.now();
    return this.ready;
  }

  private spawn(config: BookkeepingThreadConfig): Promise<ThreadCalls<BookkeepingAnswer, ClaimedRow[] | undefined>> {
    const worker = startThread(join(__dirname, 'bookkeeping.thread.entry'), config);
    const started = new Promise<ThreadCalls<BookkeepingAnswer, ClaimedRow[] | undefined>>((resolve, reject) => {
      const calls: ThreadCalls<BookkeepingAnswer, ClaimedRow[] | undefined> = new ThreadCalls(worker, 'delivery bookkeeping', decode, (message) => {
        const notice = message as BookkeepingNotice;
        if ('ready' in notice) resolve(calls);
        else reject(new Error(notice.startFailed));
      });
      // Starting, the thread keeps the process up (a moment); ready, only calls in flight do.
      calls.hold();
      worker.on('error', reject);
      worker.once('exit', (code) => {
        reject(new Error(`the delivery bookkeeping thread ended (${code}) while starting`));
        // Ended (failed, stopped, idle): the statements run here until another has started.
        if (this.starting === started) {
          [this.starting, this.ready] = [undefined, undefined];
          clearInterval(this.idleCheck);
        }
      });
    });
    void started.then((calls) => calls.release(), () => undefined);
    return started;
  }
}

const kept = new WeakMap<DataSource, SqliteBookkeeping>();

/** The SQLite bookkeeping of `db` (one per DataSource, so one thread). */
export function sqliteBookkeeping(db: DataSource): SqliteBookkeeping {
  let bookkeeping = kept.get(db);
  if (!bookkeeping) kept.set(db, (bookkeeping = new SqliteBookkeeping(db)));
  return bookkeeping;
}
