import { Subscription, bufferTime, concatMap, filter } from 'rxjs';
import type { EventStore, StoredEvent } from '@consult/event-store';
import { eventLeafHash } from './merkle';
import { MerkleLog } from './merkle-log';

/** How long a reader waits for the tree to cover a size before it is told the size is too large. */
export const TREE_WAIT_MS = 2000;

/**
 * Grows the stored tree as events are appended: follows the store from the tree's size
 * and appends each page of leaves in one locked transaction. It runs beside appends, never
 * inside them, and is idempotent: after a restart (or when another process got the lock
 * first) it skips the leaves the tree already has.
 */
export class MerkleLogFollower {
  private subscription?: Subscription;
  private restartTimer?: NodeJS.Timeout;
  private covered = 0;
  private current: Promise<void> = Promise.resolve();
  private waiters: { size: number; resolve: () => void }[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly log: MerkleLog,
    private readonly onGrown: (size: number) => void = () => undefined,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly retryMs = 1000,
  ) {}

  async start(): Promise<void> {
    this.covered = await this.log.nodes.size();
    this.subscription = this.store.subscribeToAll(this.covered).pipe(
      bufferTime(20, null, 2000),
      filter((page) => page.length > 0),
      concatMap((page) => (this.current = this.apply(page))),
    ).subscribe({ error: (error) => this.failed(error) });
  }

  /** Stops following; resolves once the page being written (if any) is committed. */
  async stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    await this.current.catch(() => undefined);
  }

  /** The size this process last saw the stored tree reach. */
  get size(): number {
    return this.covered;
  }

  /** Waits at most `timeoutMs` for the stored tree to cover `size` leaves; answers the covered size. */
  async waitFor(size: number, timeoutMs = TREE_WAIT_MS): Promise<number> {
    if (this.covered >= size) return this.covered;
    const stored = await this.log.nodes.size();
    if (stored >= size) return stored;
    await new Promise<void>((resolve) => {
      const waiter = { size, resolve: () => { clearTimeout(timer); resolve(); } };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      }, timeoutMs);
      this.waiters.push(waiter);
    });
    return Math.max(this.covered, await this.log.nodes.size());
  }

  private async apply(page: StoredEvent[]): Promise<void> {
    const size = await this.log.append((treeSize) => leavesAfter(page, treeSize));
    this.covered = Math.max(this.covered, size);
    const ready = this.waiters.filter((w) => w.size <= this.covered);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    ready.forEach((w) => w.resolve());
    this.onGrown(this.covered);
  }

  private failed(error: unknown): void {
    this.onError(error);
    this.subscription = undefined;
    this.restartTimer = setTimeout(() => void this.start().catch((again) => this.failed(again)), this.retryMs);
    this.restartTimer.unref();
  }
}

/** The leaf hashes of the page's events the tree does not have yet; positions must follow on. */
export function leavesAfter(page: readonly StoredEvent[], treeSize: number): Buffer[] {
  const fresh = page.filter((event) => event.position > treeSize);
  fresh.forEach((event, i) => {
    if (event.position !== treeSize + 1 + i) {
      throw new Error(`the audit log expected the event at position ${treeSize + 1 + i}, got ${event.position}`);
    }
  });
  return fresh.map((event) => eventLeafHash(event.hash));
}
