/*
 * The bookkeeping thread's checkpointer (see bookkeeping.thread.entry.ts): a connection of its
 * own to the read-model database, on a thread of its own, that copies the WAL back into the
 * database when asked. A PASSIVE checkpoint waits for no one and the writer goes on appending
 * beside it, so the bookkeeping's commits no longer stop for it.
 */
import { parentPort, workerData } from 'node:worker_threads';

/** What the checkpointer opens. */
export interface CheckpointerConfig {
  path: string;
}

export type CheckpointerRequest = { checkpoint: true } | { close: true };
export type CheckpointerAnswer = { ready: true } | { startFailed: string } | { checkpointed: true };

interface Connection {
  pragma(sql: string): unknown;
  close(): void;
}

/**
 * Passes of one checkpoint at most. The writer appends while a pass copies, so each pass copies
 * what came during the one before (a fraction), until one finds nothing new; the bookkeeping
 * thread copies the rest itself, between two of its transactions (see wal-checkpointer.ts).
 */
const PASSES = 3;

const port = parentPort!;
const { path } = workerData as CheckpointerConfig;
const tell = (message: CheckpointerAnswer): void => port.postMessage(message);

/** PASSIVE passes until the WAL's frames stop growing between two (or another checkpointer holds the lock). */
function checkpoint(db: Connection): void {
  let frames = -1;
  for (let pass = 0; pass < PASSES; pass += 1) {
    const [{ busy, log }] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    if (busy !== 0 || log <= frames) return;
    frames = log;
  }
}

function main(): void {
  const Database = require('better-sqlite3') as new (path: string) => Connection;
  const db = new Database(path);
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  port.on('message', (request: CheckpointerRequest) => {
    if ('close' in request) {
      db.close();
      process.exit(0);
    }
    try {
      checkpoint(db);
    } catch {
      // One that could not run is tried again when next asked (the DataSource's connection checkpoints too).
    }
    tell({ checkpointed: true });
  });
  tell({ ready: true });
}

try {
  main();
} catch (error) {
  tell({ startFailed: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
