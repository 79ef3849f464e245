import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startThread } from '@consult/threads';
import { IdempotencyConflict, WrongExpectedRevision } from '../errors';
import type { AppendReceipt, AppendRequest, Outcome } from './sqlite.appender';

/** An error as it crosses the thread boundary: the typed ones keep their type and fields. */
export type WireError =
  | { kind: 'wrong-revision'; stream: string; expected: WrongExpectedRevision['expected']; actual: WrongExpectedRevision['actual'] }
  | { kind: 'idempotency'; message: string }
  | { kind: 'error'; name: string; message: string; code?: string };

export type WriterRequest = { seq: number; batch: AppendRequest[] } | { close: true };
export type WriterReply =
  | { seq: number; outcomes: ({ ok: true; value: AppendReceipt } | { ok: false; error: WireError })[] }
  | { seq: number; failed: WireError };

export function encodeError(error: unknown): WireError {
  if (error instanceof WrongExpectedRevision) {
    return { kind: 'wrong-revision', stream: error.stream, expected: error.expected, actual: error.actual };
  }
  if (error instanceof IdempotencyConflict) return { kind: 'idempotency', message: error.message };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'error', name: e.name, message: e.message, code: (e as { code?: string }).code };
}

export function decodeError(wire: WireError): Error {
  switch (wire.kind) {
    case 'wrong-revision':
      return new WrongExpectedRevision(wire.stream, wire.expected, wire.actual);
    case 'idempotency':
      return new IdempotencyConflict(wire.message);
    case 'error':
      return Object.assign(new Error(`sqlite writer: ${wire.message}`), { name: wire.name, code: wire.code });
  }
}

/**
 * The main-thread side of the writer thread. better-sqlite3 is synchronous, so a
 * commit's fsync would stop this thread's event loop for its whole duration; in the
 * writer thread it stops nothing, and the appends that arrive meanwhile form the next
 * group commit. One batch is in flight at a time (GroupCommit waits for each).
 * The thread keeps the process alive only while a batch is in flight or it is closing.
 */
export class SqliteWriterThread {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (o: Outcome<AppendReceipt>[]) => void; reject: (e: unknown) => void }>();

  constructor(private readonly path: string) {
    this.worker = this.start();
  }

  commit(batch: AppendRequest[]): Promise<Outcome<AppendReceipt>[]> {
    const worker = (this.worker ??= this.start());
    const seq = (this.seq += 1);
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      worker.ref();
      worker.postMessage({ seq, batch } satisfies WriterRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ close: true } satisfies WriterRequest);
    await exited;
  }

  private start(): Worker {
    const worker = startThread(join(__dirname, 'sqlite.writer-thread'), { path: this.path });
    worker.unref();
    worker.on('message', (reply: WriterReply) => this.settle(reply, worker));
    // A thread that died took its open transaction with it: nothing of the batch was committed.
    const fail = (error: unknown) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [, p] of this.pending) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.pending.size > 0) fail(new Error(`sqlite writer thread exited (code ${code}) with appends in flight`));
    });
    return worker;
  }

  private settle(reply: WriterReply, worker: Worker): void {
    const pending = this.pending.get(reply.seq);
    if (!pending) return;
    this.pending.delete(reply.seq);
    if (this.pending.size === 0 && this.worker === worker) worker.unref();
    if ('failed' in reply) {
      pending.reject(decodeError(reply.failed));
      return;
    }
    pending.resolve(reply.outcomes.map((o) => (o.ok ? o : { ok: false, error: decodeError(o.error) })));
  }
}
