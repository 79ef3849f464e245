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

/**
 * Grows the stored tree on a thread of its own, with its own connections: reading the new
 * events' hashes back, hashing and writing the tree cost the appending thread about a tenth
 * of its time per event when done there (docs/benchmarks.md, section 7). This thread only
 * asks for a pass each tick and hears the sizes reached. The thread starts with the follower,
 * and again on the next pass after it ended; the follower retries a pass that failed.
 */
export class MerkleTreeThread implements TreeGrower {
  private calls?: Promise<ThreadCalls<MerkleTreeAnswer, void>>;
  private grown: (size: number) => void = () => undefined;

  constructor(private readonly config: MerkleTreeThreadConfig) {}

  /** Starts the thread and waits until it has opened its connections. */
  async start(): Promise<void> {
    await (this.calls ??= this.spawn());
  }

  async grow(covered: number, grown: (size: number) => void): Promise<void> {
    this.grown = grown;
    const calls = await (this.calls ??= this.spawn());
    await calls.call((seq) => ({ seq, grow: covered }) satisfies MerkleTreeRequest);
  }

  async stop(): Promise<void> {
    const starting = this.calls;
    this.calls = undefined;
    const calls = await starting?.catch(() => undefined);
    if (!calls) return;
    calls.hold();
    const exited = new Promise<void>((resolve) => calls.worker.once('exit', () => resolve()));
    calls.worker.postMessage({ stop: true } satisfies MerkleTreeRequest);
    const timer = setTimeout(() => void calls.worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
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
        // Ended (failed, or stopped): the next pass starts it again.
        if (this.calls === started) this.calls = undefined;
      });
    });
    void started.then((calls) => calls.release(), () => undefined);
    return started;
  }
}
