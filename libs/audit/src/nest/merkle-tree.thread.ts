import { join } from 'node:path';
import type { EventStoreConfig } from '@consult/event-store';
import type { ReadModelConfig } from '@consult/projections';
import { ThreadCalls, startThread } from '@consult/threads';
import type { TreeGrower } from '../log/tree-grower';

/** What the tree's thread opens: its own connections to the event store and the audit log's database. */
export interface MerkleTreeThreadConfig {
  store: EventStoreConfig;
  audit: ReadModelConfig;
}

export type MerkleTreeRequest = { seq: number; grow: number } | { stop: true };
/** The end of one pass, or why it failed. */
export type MerkleTreeAnswer = { seq: number; done: true } | { seq: number; failed: string };
/** What the thread tells unasked: that it is ready, or not, and each size the tree reached. */
export type MerkleTreeNotice = { ready: true } | { startFailed: string } | { grown: number };

const decode = (answer: MerkleTreeAnswer): void => {
  if ('failed' in answer) throw new Error(answer.failed);
};

/** How long after a thread failed to start before another is tried (passes run here meanwhile). */
const RESPAWN_MS = 5000;

/**
 * Grows the stored tree on a thread of its own, with its own connections: reading the new
 * events' hashes back, hashing and writing the tree cost the appending thread about a tenth
 * of its time per event when done there (docs/benchmarks.md, section 7). This thread only
 * asks for a pass each tick and hears the sizes reached. Until the thread has started (it
 * compiles and connects for seconds on a busy machine), and while it is started again after
 * it ended, passes run here, through `here`: a reader never waits on a thread starting.
 */
export class MerkleTreeThread implements TreeGrower {
  private calls?: Promise<ThreadCalls<MerkleTreeAnswer, void>>;
  private ready?: ThreadCalls<MerkleTreeAnswer, void>;
  private failedAt = -Infinity;
  private grown: (size: number) => void = () => undefined;

  constructor(
    private readonly config: MerkleTreeThreadConfig,
    private readonly here: TreeGrower,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Starts the thread without waiting for it. */
  async start(): Promise<void> {
    this.spawnIfDue();
  }

  /** Resolves once the thread has opened its connections (for callers that must measure it, not the fallback). */
  async started(): Promise<void> {
    this.spawnIfDue();
    await this.calls;
  }

  async grow(covered: number, grown: (size: number) => void): Promise<void> {
    this.spawnIfDue();
    if (!this.ready) return this.here.grow(covered, grown);
    this.grown = grown;
    await this.ready.call((seq) => ({ seq, grow: covered }) satisfies MerkleTreeRequest);
  }

  async stop(): Promise<void> {
    const starting = this.calls;
    [this.calls, this.ready, this.failedAt] = [undefined, undefined, Infinity];
    const calls = await starting?.catch(() => undefined);
    if (!calls) return;
    calls.hold();
    const exited = new Promise<void>((resolve) => calls.worker.once('exit', () => resolve()));
    calls.worker.postMessage({ stop: true } satisfies MerkleTreeRequest);
    const timer = setTimeout(() => void calls.worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }

  private spawnIfDue(): void {
    if (this.calls || Date.now() - this.failedAt < RESPAWN_MS) return;
    const started = this.spawn();
    this.calls = started;
    started.then((calls) => { if (this.calls === started) this.ready = calls; }, (error) => {
      this.failedAt = Date.now();
      this.onError(error);
    });
  }

  private spawn(): Promise<ThreadCalls<MerkleTreeAnswer, void>> {
    const worker = startThread(join(__dirname, 'merkle-tree.thread.entry'), this.config);
    const started = new Promise<ThreadCalls<MerkleTreeAnswer, void>>((resolve, reject) => {
      const calls: ThreadCalls<MerkleTreeAnswer, void> = new ThreadCalls(worker, 'audit tree', decode, (message) => {
        const notice = message as MerkleTreeNotice;
        if ('grown' in notice) this.grown(notice.grown);
        else if ('ready' in notice) resolve(calls);
        else reject(new Error(notice.startFailed));
      });
      // Starting, the thread keeps the process up; idle afterwards, only passes in flight do.
      calls.hold();
      worker.on('error', reject);
      worker.once('exit', (code) => {
        reject(new Error(`the audit tree thread ended (${code}) while starting`));
        // Ended (failed, or stopped): passes run here until another has started.
        if (this.calls === started) [this.calls, this.ready] = [undefined, undefined];
      });
    });
    void started.then((calls) => calls.release(), () => undefined);
    return started;
  }
}
