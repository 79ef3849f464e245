import type { Worker } from 'node:worker_threads';

/** A reply from a thread to one call: it carries the call's sequence number. */
export interface ThreadReply {
  seq: number;
}

/** A call the thread did not answer within its time limit. */
export class ThreadCallTimeout extends Error {
  readonly code = 'THREAD.CALL_TIMEOUT';
  constructor(thread: string, timeoutMs: number) {
    super(`${thread} thread did not answer within ${timeoutMs} ms`);
    this.name = 'ThreadCallTimeout';
  }
}

/** The thread ended, or failed, with calls still waiting for its answer. */
export class ThreadEnded extends Error {
  readonly code = 'THREAD.ENDED';
  constructor(message: string) {
    super(message);
    this.name = 'ThreadEnded';
  }
}

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Request/reply over one worker thread: numbers each call, keeps the callers waiting in
 * a map until the reply with their number comes back, keeps the thread referenced only
 * while calls are in flight (an idle thread never holds the process open), and rejects
 * every waiting call when the thread fails or exits. `decode` turns a reply into the
 * caller's value, or throws the error the caller should see; `other` hears the thread's
 * messages that answer no call (no numeric `seq`).
 */
export class ThreadCalls<Reply extends ThreadReply, Result> {
  private seq = 0;
  private readonly pending = new Map<number, Pending<Result>>();
  private held = false;

  constructor(
    readonly worker: Worker,
    private readonly name: string,
    private readonly decode: (reply: Reply) => Result,
    other: (message: unknown) => void = () => undefined,
  ) {
    // The only 'message' listener: adding one refs the thread again, so the owner hears its
    // other messages (those without a numeric `seq`) through `other`, and unref comes last.
    worker.on('message', (message: unknown) => {
      if (typeof (message as Partial<ThreadReply> | null)?.seq === 'number') this.settle(message as Reply);
      else other(message);
    });
    worker.on('error', (error) => this.rejectAll(error));
    worker.on('exit', (code) => this.rejectAll(new ThreadEnded(`${name} thread exited (code ${code}) with calls in flight`)));
    worker.unref();
  }

  /** Sends `build(seq)` to the thread; resolves with the decoded reply. */
  call(build: (seq: number) => unknown, timeoutMs?: number): Promise<Result> {
    const seq = (this.seq += 1);
    return new Promise<Result>((resolve, reject) => {
      const pending: Pending<Result> = { resolve, reject };
      if (timeoutMs !== undefined) {
        pending.timer = setTimeout(() => this.expire(seq, timeoutMs), timeoutMs);
        pending.timer.unref();
      }
      this.pending.set(seq, pending);
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage(build(seq));
    });
  }

  /** Keeps the thread referenced until `release`: for a start or a shutdown that must not be cut short. */
  hold(): void {
    this.held = true;
    this.worker.ref();
  }

  /** Ends a `hold`: the thread is referenced again only while calls are in flight. */
  release(): void {
    this.held = false;
    if (this.pending.size === 0) this.worker.unref();
  }

  /** How many calls wait for an answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Rejects every waiting call with `error`. */
  rejectAll(error: unknown): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    if (!this.held) this.worker.unref();
    for (const pending of waiting) {
      if (pending.timer) clearTimeout(pending.timer);
      pending.reject(error);
    }
  }

  private settle(reply: Reply): void {
    const pending = this.take(reply.seq);
    if (!pending) return;
    let result: Result;
    try {
      result = this.decode(reply);
    } catch (error) {
      pending.reject(error);
      return;
    }
    pending.resolve(result);
  }

  private expire(seq: number, timeoutMs: number): void {
    this.take(seq)?.reject(new ThreadCallTimeout(this.name, timeoutMs));
  }

  private take(seq: number): Pending<Result> | undefined {
    const pending = this.pending.get(seq);
    if (!pending) return undefined;
    this.pending.delete(seq);
    if (pending.timer) clearTimeout(pending.timer);
    if (this.pending.size === 0 && !this.held) this.worker.unref();
    return pending;
  }
}
