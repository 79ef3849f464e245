/*
 * The SQLite bookkeeping thread (see bookkeeping-thread.ts): its own connection to the
 * read-model database, with `synchronous = NORMAL` (bookkeeping.ts says why), on which it runs
 * the dispatcher's claims and records one transaction at a time, in the order asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BookkeepingAnswer, BookkeepingNotice, BookkeepingRequest, BookkeepingThreadConfig } from './bookkeeping-thread';
import { claimOnSqlite, recordOnSqlite, type SqliteQuery } from './sqlite-bookkeeping';
import { WalCheckpointer } from './wal-checkpointer';

interface Statement {
  reader: boolean;
  all(...params: unknown[]): any[];
  run(...params: unknown[]): unknown;
}
interface Connection {
  inTransaction: boolean;
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(sql: string): unknown;
  close(): void;
}

const port = parentPort!;
const { path, tables, busyTimeoutMs } = workerData as BookkeepingThreadConfig;
const tell = (message: BookkeepingAnswer | BookkeepingNotice): void => port.postMessage(message);
const failureOf = (error: unknown) => ({ message: error instanceof Error ? error.message : String(error), code: (error as { code?: string })?.code });

/** Prepared statements kept (a run's statements are a handful of shapes). */
const PREPARED_KEPT = 64;
/** The WAL is copied back into the database once the thread has had nothing to do this long... */
const CHECKPOINT_IDLE_MS = 50;
/** ...or after this many transactions (about 5,000 deliveries' claims and records: 12,000-15,000 WAL pages, 50-60 MB, measured). */
const CHECKPOINT_EVERY = 250;

function open(): Connection {
  const Database = require('better-sqlite3') as new (path: string) => Connection;
  const db = new Database(path);
  db.pragma('synchronous = NORMAL');
  // This thread sends nothing: waiting here for another connection's write lock blocks no one.
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // This connection's checkpoints are chosen below (see main): none in the middle of a run.
  db.pragma('wal_autocheckpoint = 0');
  return db;
}

function main(): void {
  const db = open();
  const prepared = new Map<string, Statement>();
  const query: SqliteQuery = (sql, params = []) => {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      prepared.set(sql, statement);
      if (prepared.size > PREPARED_KEPT) prepared.delete(prepared.keys().next().value!);
    }
    if (statement.reader) return statement.all(...params);
    statement.run(...params);
    return [];
  };
  const inTransaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  };
  // SQLite's automatic checkpoint (every 1,000 WAL pages, at a commit) copied the WAL back and
  // synced the file in the middle of a run, every 20 or so transactions (about 50 pages each, the
  // same index pages again and again): the sends waited for slots meanwhile (docs/benchmarks.md,
  // deliveries, session 8). Here a run's commits let the WAL grow, and it is checkpointed
  // (PASSIVE: never waiting for readers or the writer) once they pause, or after CHECKPOINT_EVERY
  // of them, by the checkpointer's thread beside this one's commits (session 9). The DataSource's
  // own connection keeps its automatic checkpoint.
  let commits = 0;
  let idle: NodeJS.Timeout | undefined;
  const checkpoints = new WalCheckpointer(path, () => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // One that could not run is tried again at the next pause (the DataSource's connection checkpoints too).
    }
  });
  const checkpoint = () => {
    clearTimeout(idle);
    commits = 0;
    checkpoints.ask();
  };
  port.on('message', (request: BookkeepingRequest) => {
    if ('close' in request) {
      clearTimeout(idle);
      db.close();
      void checkpoints.close().finally(() => process.exit(0));
      return;
    }
    clearTimeout(idle);
    if ('checkpoint' in request) {
      commits = 0;
      checkpoints.now(() => tell({ seq: request.seq, recorded: true }));
      return;
    }
    try {
      if ('claim' in request) tell({ seq: request.seq, rows: inTransaction(() => claimOnSqlite(tables, query, request.claim)) });
      else {
        inTransaction(() => recordOnSqlite(tables, query, request.record));
        tell({ seq: request.seq, recorded: true });
      }
    } catch (error) {
      tell({ seq: request.seq, failed: failureOf(error) });
    }
    commits += 1;
    if (commits >= CHECKPOINT_EVERY) checkpoint();
    else idle = setTimeout(checkpoint, CHECKPOINT_IDLE_MS);
  });
  tell({ ready: true });
}

try {
  main();
} catch (error) {
  tell({ startFailed: failureOf(error).message });
  process.exit(1);
}
