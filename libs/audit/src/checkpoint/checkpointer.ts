import { KeyObject } from 'node:crypto';
import { Observable, Subject } from 'rxjs';
import { MerkleLog } from '../log/merkle-log';
import { CheckpointStore, StoredCheckpoint } from './checkpoint.store';
import { checkpointBody, signNote, verifierKey } from './signed-note';

/** When checkpoints are issued besides on demand. */
export interface CheckpointPolicy {
  /** After this many new events. */
  every: number;
  /** ... or after this many minutes when the tree grew. */
  minutes: number;
}

/**
 * Issues signed checkpoints of the stored tree: every `every` events, every `minutes`
 * minutes when the tree grew, and on demand. Each is signed with the log's key (named
 * after the origin, as is usual for tlog notes) and kept, so a later reader gets the same note.
 */
export class Checkpointer {
  private readonly issuedSubject = new Subject<StoredCheckpoint>();
  private timer?: NodeJS.Timeout;
  private issuing: Promise<unknown> = Promise.resolve();
  private lastSize = -1;
  /** A count-triggered checkpoint is being issued: the tree's growth meanwhile waits for the next one. */
  private counting = false;

  constructor(
    private readonly log: MerkleLog,
    private readonly checkpoints: CheckpointStore,
    private readonly key: KeyObject,
    readonly origin: string,
    private readonly policy: CheckpointPolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Each checkpoint this process issues, as it is issued (for auditors' subscriptions). */
  get issued(): Observable<StoredCheckpoint> {
    return this.issuedSubject.asObservable();
  }

  /** The note verifier key auditors check the notes with. */
  get verifierKey(): string {
    return verifierKey(this.origin, this.key);
  }

  async start(): Promise<void> {
    this.lastSize = (await this.checkpoints.latest())?.treeSize ?? 0;
    this.timer = setInterval(() => void this.issueIfGrown().catch(() => undefined), this.policy.minutes * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.issuedSubject.complete();
  }

  /** Called as the tree grows: issues one when `every` events have come since the last. */
  treeGrew(size: number): void {
    if (this.lastSize < 0 || this.counting || size - this.lastSize < this.policy.every) return;
    // The follower knows the size it reached: no need to ask the database, nor to queue one a page.
    this.counting = true;
    void this.issueIfGrown(size).catch(() => undefined).finally(() => { this.counting = false; });
  }

  /** The latest checkpoint, after issuing one if the tree grew since (one at a time); `size` if the caller knows it. */
  issueIfGrown(size?: number): Promise<StoredCheckpoint> {
    const next = this.issuing.catch(() => undefined).then(() => this.issueNow(size));
    this.issuing = next;
    return next;
  }

  /** The latest checkpoint kept, without issuing one. */
  latest(): Promise<StoredCheckpoint | undefined> {
    return this.checkpoints.latest();
  }

  /** An empty log gets a checkpoint too (size 0, the empty root): a reader always gets a note. */
  private async issueNow(knownSize?: number): Promise<StoredCheckpoint> {
    // A size the follower just reached is past any this process issued: no need to ask for the latest
    // (a larger one from another process does no harm: each checkpoint is valid on its own).
    if (knownSize !== undefined && knownSize > this.lastSize) return this.issue(knownSize);
    const [latest, size] = await Promise.all([this.checkpoints.latest(), knownSize ?? this.log.nodes.size()]);
    if (latest && latest.treeSize >= size) return latest;
    return this.issue(size);
  }

  /** Signs the stored tree's root at `size` and keeps the note. */
  private async issue(size: number): Promise<StoredCheckpoint> {
    const rootHash = await this.log.rootAt(size);
    const note = signNote(checkpointBody({ origin: this.origin, treeSize: size, rootHash }), this.origin, this.key);
    const kept = await this.checkpoints.save({ treeSize: size, rootHash, note, issuedAt: this.now().toISOString() });
    this.lastSize = Math.max(this.lastSize, size);
    this.issuedSubject.next(kept);
    return kept;
  }
}
