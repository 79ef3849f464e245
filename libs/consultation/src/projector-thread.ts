import { join } from 'node:path';
import { ThreadCalls, startThread } from '@consult/threads';
import type { EventStoreConfig } from '@consult/event-store';
import { Freshness, READ_MODEL_WAIT_MS, ReadModelConfig } from '@consult/projections';
import { ReadModelProjector } from './read-model-projector';

/** What the projector thread opens: its own connections to the event store and the read models. */
export interface ProjectorThreadConfig {
  store: EventStoreConfig;
  readModels: ReadModelConfig;
}

export type ProjectorRequest =
  | { seq: number; waitFor: number; timeoutMs: number; names?: readonly string[] }
  | { seq: number; catchUp: true; timeoutMs: number; names?: readonly string[] }
  | { stop: true };
/** The thread's answer to one `waitFor` or `catchUp`. */
export type ProjectorAnswer = { seq: number; freshness: Freshness } | { seq: number; failed: string };
/** What the thread tells unasked. */
export type ProjectorNotice = { ready: true } | { startFailed: string } | { pageFailed: string };
export type ProjectorReply = ProjectorAnswer | ProjectorNotice;

/** How much longer than the wait itself this thread gives the projector thread to answer. */
const ANSWER_MARGIN_MS = 1000;

const decodeAnswer = (answer: ProjectorAnswer): Freshness => {
  if ('failed' in answer) throw new Error(answer.failed);
  return answer.freshness;
};

/**
 * Runs the read models' projector on its own thread, with its own connections, so that
 * following the store, replaying each event and writing the read models (≈ a fifth of
 * the api's CPU per command, in bursts of a page) never holds up this thread's event
 * loop. `waitFor` and `catchUp` ask the thread; when it cannot answer in time (ended,
 * restarting, hung) they resolve stale with the last state it reported, never reject.
 * A thread that ends unexpectedly is started again.
 */
export class ProjectorThread extends ReadModelProjector {
  private calls?: ThreadCalls<ProjectorAnswer, Freshness>;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private last: Freshness = { fresh: false, checkpoint: 0, head: 0 };

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
    let calls!: ThreadCalls<ProjectorAnswer, Freshness>;
    await new Promise<void>((resolve, reject) => {
      calls = new ThreadCalls(worker, 'projector', decodeAnswer, (message) => {
        const notice = message as ProjectorNotice;
        if ('ready' in notice) resolve();
        else if ('startFailed' in notice) reject(new Error(notice.startFailed));
        else if ('pageFailed' in notice) this.onError(notice.pageFailed);
      });
      // Starting, the thread keeps the process up; idle afterwards, only calls in flight do.
      calls.hold();
      this.calls = calls;
      // An uncaught error ends the thread ('exit' follows); the listener keeps it from ending this process too.
      worker.on('error', (error) => {
        reject(error);
        this.onError(`the projector thread failed: ${error.message}`);
      });
      worker.once('exit', (code) => {
        reject(new Error(`the projector thread ended (${code}) while starting`));
        this.ended(calls, code);
      });
    });
    calls.release();
  }

  waitFor(position: number, timeoutMs = READ_MODEL_WAIT_MS, names?: readonly string[]): Promise<Freshness> {
    return this.ask((seq) => ({ seq, waitFor: position, timeoutMs, names }), timeoutMs, position);
  }

  catchUp(timeoutMs = READ_MODEL_WAIT_MS, names?: readonly string[]): Promise<Freshness> {
    return this.ask((seq) => ({ seq, catchUp: true, timeoutMs, names }), timeoutMs);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const calls = this.calls;
    if (!calls) return;
    this.calls = undefined;
    calls.hold();
    const exited = new Promise<void>((resolve) => calls.worker.once('exit', () => resolve()));
    calls.worker.postMessage({ stop: true } satisfies ProjectorRequest);
    const timer = setTimeout(() => void calls.worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }

  private async ask(request: (seq: number) => ProjectorRequest, timeoutMs: number, position?: number): Promise<Freshness> {
    const calls = this.calls;
    if (calls) {
      try {
        this.last = await calls.call(request, timeoutMs + ANSWER_MARGIN_MS);
        return this.last;
      } catch (error) {
        this.onError(`read models: the projector thread did not answer: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const { checkpoint, head } = this.last;
    return { fresh: false, checkpoint, head: Math.max(position ?? head, checkpoint) };
  }

  private ended(calls: ThreadCalls<ProjectorAnswer, Freshness>, code: number): void {
    if (this.stopping || this.calls !== calls) return;
    this.calls = undefined;
    this.onError(`the projector thread ended (${code}); starting it again in ${this.restartMs} ms`);
    this.restartTimer = setTimeout(() => void this.start().catch((error) => this.onError(String(error))), this.restartMs);
    this.restartTimer.unref();
  }
}
