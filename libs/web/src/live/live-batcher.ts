import { performance } from 'node:perf_hooks';
import type { LiveMessage } from './live-hub';

/**
 * The public events handed to every listener together: their frames are joined once, so each
 * socket gets one write for all of them (a write to a socket costs a system call, which at a
 * thousand clients is nearly all a fan-out costs, whatever the bytes it carries).
 */
export interface LiveBatch {
  /** In position order. */
  messages: readonly LiveMessage[];
  /** Every message's frame, in order, as one buffer. */
  frame: Buffer;
}

/** When batches go out. */
export interface BatchPacing {
  /**
   * After a batch, the next waits this many times as long as that one took to write: the
   * fan-out then holds the event loop for at most 1/(1 + spacing) of the time, and a cheap
   * fan-out (few clients, a quiet machine) adds next to no wait.
   */
  spacing: number;
  /** The longest a batch waits for that: bounds what pacing adds to latency (writes slowed by other processes). */
  maxWaitMs: number;
  /** A batch goes at once when its frames reach this size (a burst read from the store in one turn). */
  maxBytes: number;
}

/** Writing took 3 ms: the next batch waits up to 9 ms (events arriving later than that go at once), never past 25 ms. */
export const DEFAULT_PACING: BatchPacing = { spacing: 3, maxWaitMs: 25, maxBytes: 64 * 1024 };

/** The batch of one message, or of several with their frames joined. */
export function liveBatch(messages: readonly LiveMessage[]): LiveBatch {
  return { messages, frame: messages.length === 1 ? messages[0].frame : Buffer.concat(messages.map((m) => m.frame)) };
}

/**
 * Gathers messages into batches for `send`: once the task that brought them is done, or later
 * when the last batch was recent (see `BatchPacing.spacing`), so a busy hub sends fewer, larger
 * writes instead of falling behind.
 */
export class LiveBatcher {
  private pending: LiveMessage[] = [];
  private bytes = 0;
  private cancel?: () => void;
  /** `performance.now()` before which the next batch waits. */
  private nextAt = 0;

  constructor(private readonly send: (batch: LiveBatch) => void, private readonly pacing: BatchPacing = DEFAULT_PACING) {}

  add(message: LiveMessage): void {
    this.pending.push(message);
    this.bytes += message.frame.length;
    if (this.bytes >= this.pacing.maxBytes) this.flush();
    else this.cancel ??= this.schedule();
  }

  /** Sends what is pending now. */
  flush(): void {
    this.cancel?.();
    this.cancel = undefined;
    if (this.pending.length === 0) return;
    const batch = liveBatch(this.pending);
    this.clear();
    const started = performance.now();
    this.send(batch);
    const ended = performance.now();
    this.nextAt = ended + Math.min((ended - started) * this.pacing.spacing, this.pacing.maxWaitMs);
  }

  /** Drops what is pending (the hub stopped: nobody is left to send it to). */
  clear(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.pending = [];
    this.bytes = 0;
  }

  private schedule(): () => void {
    const wait = this.nextAt - performance.now();
    if (wait < 1) {
      // Once the current task is done (the rest of a page read from the store joins this batch),
      // not at the end of the loop's turn, which may first handle a backlog of requests.
      let cancelled = false;
      queueMicrotask(() => cancelled || this.flush());
      return () => (cancelled = true);
    }
    const timer = setTimeout(() => this.flush(), wait);
    return () => clearTimeout(timer);
  }
}
