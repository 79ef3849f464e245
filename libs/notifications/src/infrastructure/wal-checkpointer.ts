import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startThread } from '@consult/threads';
import type { CheckpointerAnswer, CheckpointerConfig, CheckpointerRequest } from './wal-checkpoint.thread.entry';

/**
 * The bookkeeping thread's WAL checkpoints (see bookkeeping.thread.entry.ts), made on a thread of
 * their own with their own connection once it has started, so that the bookkeeping's commits do
 * not stop for them: at 10,000 deliveries a run made two checkpoints of 12,000-15,000 WAL pages,
 * 60-130 ms each, and the sends waited for slots meanwhile (docs/benchmarks.md, deliveries,
 * session 9). `here` makes one on the bookkeeping's own connection: until the checkpointer is
 * ready, and if it could not start or has ended.
 */
export class WalCheckpointer {
  private thread: Worker | undefined;
  private ready = false;
  private running = false;
  private again = false;
  private readonly waiting: (() => void)[] = [];
  private starting: ((ready: boolean) => void) | undefined;
  /** Resolves once the checkpointer's thread is ready (true), or could not start (false). */
  readonly started: Promise<boolean>;

  constructor(path: string, private readonly here: () => void) {
    this.started = new Promise((resolve) => (this.starting = resolve));
    try {
      const thread = startThread(join(__dirname, 'wal-checkpoint.thread.entry'), { path } satisfies CheckpointerConfig);
      this.thread = thread;
      thread.on('message', (answer: CheckpointerAnswer) => this.heard(answer));
      thread.on('error', () => this.lost(thread));
      thread.on('exit', () => this.lost(thread));
      // Last: a listener added refs the thread again. The bookkeeping thread's own port keeps it alive.
      thread.unref();
    } catch {
      this.starting?.(false);
    }
  }

  /** Has the WAL checkpointed, without waiting for it (one asked for while one runs follows it). */
  ask(): void {
    if (!this.ready || !this.thread) return this.here();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.thread.postMessage({ checkpoint: true } satisfies CheckpointerRequest);
  }

  /** Has the WAL checkpointed by a checkpoint begun from now, and calls `done` once it has been. */
  now(done: () => void): void {
    if (!this.ready) {
      this.here();
      return done();
    }
    this.waiting.push(done);
    this.ask();
  }

  /** Ends the checkpointer's thread. */
  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = undefined;
    this.ready = false;
    await thread?.terminate();
  }

  private heard(answer: CheckpointerAnswer): void {
    if ('ready' in answer) {
      this.ready = true;
      this.starting?.(true);
    }
    if (!('checkpointed' in answer)) return;
    this.running = false;
    if (this.again) {
      this.again = false;
      return this.ask();
    }
    // What came while its last pass ran, copied here between two transactions of the writer (a
    // few pages): the WAL is then caught up with, and the next transaction writes it from its
    // beginning again instead of growing it (it grew to twice its size without this).
    this.here();
    for (const done of this.waiting.splice(0)) done();
  }

  /** The thread ended (failed to start, failed, or closed): checkpoints are made here from now on; those waited for at once. */
  private lost(thread: Worker): void {
    if (this.thread !== thread) return;
    [this.thread, this.ready, this.running, this.again] = [undefined, false, false, false];
    this.starting?.(false);
    const waiting = this.waiting.splice(0);
    if (waiting.length === 0) return;
    this.here();
    for (const done of waiting) done();
  }
}
