/** How far the projections named (all when `names` is absent) have got. */
export type Reached = (names?: readonly string[]) => number;

/** Bounded waits for projections to reach a store position, released as a projector moves on. */
export class PositionWaiters {
  private waiters: { position: number; names?: readonly string[]; resolve: () => void }[] = [];

  constructor(private readonly reached: Reached) {}

  /** Resolves once the projections named reach `position`, or after `timeoutMs`; never rejects. */
  async wait(position: number, timeoutMs: number, names?: readonly string[]): Promise<void> {
    if (this.reached(names) >= position) return;
    await new Promise<void>((resolve) => {
      const waiter = { position, names, resolve: () => { clearTimeout(timer); resolve(); } };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Whether anyone is waiting now. */
  get waiting(): boolean {
    return this.waiters.length > 0;
  }

  /** Resolves the waits that are now satisfied. */
  release(): void {
    const ready = this.waiters.filter((w) => this.reached(w.names) >= w.position);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    ready.forEach((w) => w.resolve());
  }
}
