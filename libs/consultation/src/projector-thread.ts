import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startThread } from '@consult/threads';
import type { EventStoreConfig } from '@consult/event-store';
import type { ReadModelConfig } from '@consult/projections';
import { ReadModelProjector } from './read-model-projector';

/** What the projector thread opens: its own connections to the event store and the read models. */
export interface ProjectorThreadConfig {
  store: EventStoreConfig;
  readModels: ReadModelConfig;
}

export type ProjectorRequest = { seq: number; waitFor: number; timeoutMs?: number } | { seq: number; catchUp: true } | { stop: true };
export type ProjectorReply =
  | { ready: true }
  | { startFailed: string }
  | { seq: number; ok: true }
  | { seq: number; failed: string }
  | { pageFailed: string };

/**
 * Runs the read models' projector on its own thread, with its own connections, so that
 * following the store, replaying each event and writing the read models (≈ a fifth of
 * the api's CPU per command, in bursts of a page) never holds up this thread's event
 * loop. `waitFor` and `catchUp` ask the thread and resolve when it answers; a thread
 * that ends unexpectedly is started again.
 */
export class ProjectorThread extends ReadModelProjector {
  private worker?: Worker;
  private stopping = false;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private restartTimer?: NodeJS.Timeout;

  constructor(
    private readonly config: ProjectorThreadConfig,
    private readonly onError: (message: string) => void,
    private readonly restartMs = 1000,
  ) {
    super();
  }

  async start(): Promise<void> {
    this.stopping = false;
    const worker = startThread(join(__dirname, 'projector-thread.entry'), this.config);
    this.worker = worker;
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: ProjectorReply) => {
        if ('ready' in reply) resolve();
        else if ('startFailed' in reply) reject(new Error(reply.startFailed));
        else this.receive(reply);
      });
      // An uncaught error ends the thread ('exit' follows); the listener keeps it from ending this process too.
      worker.on('error', (error) => {
        reject(error);
        this.onError(`the projector thread failed: ${error.message}`);
      });
      worker.once('exit', (code) => {
        reject(new Error(`the projector thread ended (${code}) while starting`));
        this.ended(worker, code);
      });
    });
    // Requests in flight keep it referenced (see `ask`); idle, it must not hold the process open.
    worker.unref();
  }

  waitFor(position: number, timeoutMs?: number): Promise<void> {
    return this.ask((seq) => ({ seq, waitFor: position, timeoutMs }));
  }

  catchUp(): Promise<void> {
    return this.ask((seq) => ({ seq, catchUp: true }));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ stop: true } satisfies ProjectorRequest);
    const timer = setTimeout(() => void worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }

  private ask(request: (seq: number) => ProjectorRequest): Promise<void> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the projector thread is not running'));
    const seq = (this.seq += 1);
    return new Promise<void>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage(request(seq));
    });
  }

  private receive(reply: ProjectorReply): void {
    if ('pageFailed' in reply) return this.onError(reply.pageFailed);
    if (!('seq' in reply)) return;
    const waiter = this.pending.get(reply.seq);
    if (!waiter) return;
    this.pending.delete(reply.seq);
    if (this.pending.size === 0) this.worker?.unref();
    if ('failed' in reply) waiter.reject(new Error(reply.failed));
    else waiter.resolve();
  }

  private ended(worker: Worker, code: number): void {
    for (const waiter of this.pending.values()) waiter.reject(new Error(`the projector thread ended (${code})`));
    this.pending.clear();
    if (this.stopping || this.worker !== worker) return;
    this.worker = undefined;
    this.onError(`the projector thread ended (${code}); starting it again in ${this.restartMs} ms`);
    this.restartTimer = setTimeout(() => void this.start().catch((error) => this.onError(String(error))), this.restartMs);
    this.restartTimer.unref();
  }
}
