import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { ThreadCalls, startThread } from '@consult/threads';
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

/** A reply's outcomes with their errors decoded; a failed batch throws. */
function decodeReply(reply: WriterReply): Outcome<AppendReceipt>[] {
  if ('failed' in reply) throw decodeError(reply.failed);
  return reply.outcomes.map((o) => (o.ok ? o : { ok: false, error: decodeError(o.error) }));
}

/**
 * The main-thread side of the writer thread. better-sqlite3 is synchronous, so a
 * commit's fsync would stop this thread's event loop for its whole duration; in the
 * writer thread it stops nothing, and the appends that arrive meanwhile form the next
 * group commit. One batch is in flight at a time (GroupCommit waits for each).
 * The thread keeps the process alive only while a batch is in flight or it is closing.
 */
export class SqliteWriterThread {
  private calls: ThreadCalls<WriterReply, Outcome<AppendReceipt>[]> | undefined;

  constructor(private readonly path: string) {
    this.calls = this.start();
  }

  commit(batch: AppendRequest[]): Promise<Outcome<AppendReceipt>[]> {
    const calls = (this.calls ??= this.start());
    return calls.call((seq) => ({ seq, batch }) satisfies WriterRequest);
  }

  /** The running thread, if any (tests end it to prove a dead thread loses nothing acknowledged). */
  get worker(): Worker | undefined {
    return this.calls?.worker;
  }

  async close(): Promise<void> {
    const calls = this.calls;
    if (!calls) return;
    this.calls = undefined;
    calls.hold();
    const exited = new Promise<void>((resolve) => calls.worker.once('exit', () => resolve()));
    calls.worker.postMessage({ close: true } satisfies WriterRequest);
    await exited;
  }

  /** A thread that died took its open transaction with it: nothing of the batch was committed. */
  private start(): ThreadCalls<WriterReply, Outcome<AppendReceipt>[]> {
    const worker = startThread(join(__dirname, 'sqlite.writer-thread'), { path: this.path });
    const calls = new ThreadCalls(worker, 'sqlite writer', decodeReply);
    const forget = () => {
      if (this.calls === calls) this.calls = undefined;
    };
    worker.on('error', forget).on('exit', forget);
    return calls;
  }
}
