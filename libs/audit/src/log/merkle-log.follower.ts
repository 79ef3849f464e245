import type { EventStore } from '@consult/event-store';
import { MerkleLog } from './merkle-log';
import { TreeGrower, storeGrower } from './tree-grower';

/** How long a reader waits for the tree to cover a size before it is told the size is too large. */
export const TREE_WAIT_MS = 2000;

/** How often the follower reads what was appended since its last pass. */
export const FOLLOW_TICK_MS = 250;

/**
 * After a pass that grew the tree, the next waits this many ticks: while appends keep coming,
 * fewer and larger tree transactions cost the server and the tree's thread a quarter less per
 * event (docs/benchmarks.md, audit, session 6). A reader that needs a size pulls at once.
 */
const BUSY_TICKS = 4;

/**
 * Grows the stored tree as events are appended: every tick it reads what is new since the
 * tree's size and appends it, a page of leaves a transaction, until it has caught up (the
 * tick four times longer while appends keep coming).
 * It pulls on a timer rather than following each commit: a wake-up per commit cost appends
 * a fifth of their rate (docs/benchmarks.md, section 7), while a tick costs one read and one
 * write however many events arrived. A reader that needs a size not covered yet pulls at
 * once. It runs beside appends, never inside them, and is idempotent: after a restart (or
 * when another process got the lock first) it skips the leaves the tree already has. The
 * reading, hashing and storing is the `grower`'s: in this thread by default, or in a thread
 * of its own (the api's, nest/merkle-tree.thread.ts), where it costs appends nothing here.
 */
export class MerkleLogFollower {
  private timer?: NodeJS.Timeout;
  private running = false;
  private busy = false;
  private covered = 0;
  private current: Promise<void> = Promise.resolve();
  private waiters: { size: number; resolve: () => void }[] = [];

  constructor(
    store: EventStore,
    private readonly log: MerkleLog,
    private readonly onGrown: (size: number) => void = () => undefined,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly tickMs = FOLLOW_TICK_MS,
    private readonly grower: TreeGrower = storeGrower(store, log),
  ) {}

  async start(): Promise<void> {
    await this.grower.start?.();
    this.covered = await this.log.nodes.size();
    this.running = true;
    this.pull();
  }

  /** Stops following; resolves once the page being written (if any) is committed. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.current.catch(() => undefined);
    await this.grower.stop?.();
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
      this.pull();
    });
    return Math.max(this.covered, await this.log.nodes.size());
  }

  /** Runs a pass now unless one is running; the next is scheduled when it ends. */
  private pull(): void {
    if (!this.running || this.busy) return;
    if (this.timer) clearTimeout(this.timer);
    this.busy = true;
    const before = this.covered;
    this.current = this.pass().then(
      () => {
        const grew = this.covered > before;
        // A reader who asked while this pass ran, for leaves stored after it began, is not kept
        // waiting for the busy tick (a second): the next pass starts at once.
        this.schedule(grew && this.waiters.length > 0 ? 0 : grew ? this.tickMs * BUSY_TICKS : this.tickMs);
      },
      (error) => {
        this.onError(error);
        this.schedule(Math.max(this.tickMs, 1000));
      },
    );
  }

  private schedule(ms: number): void {
    this.busy = false;
    if (!this.running) return;
    this.timer = setTimeout(() => this.pull(), ms);
    this.timer.unref();
  }

  /** Grows the tree until it has everything stored when the pass began. */
  private pass(): Promise<void> {
    return this.grower.grow(this.covered, (size) => this.reached(size));
  }

  private reached(size: number): void {
    this.covered = Math.max(this.covered, size);
    const ready = this.waiters.filter((w) => w.size <= this.covered);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    ready.forEach((w) => w.resolve());
    this.onGrown(this.covered);
  }
}
