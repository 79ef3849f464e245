/** A job of the pool: it should not throw (a throw is kept as the pool's failure and the chain goes on). */
export type PoolJob = () => Promise<void>;

/**
 * Runs keyed jobs, `concurrency` at a time: one key's jobs one after the other, in the order
 * added (a subscriber's notices arrive in order), different keys side by side. Jobs may be added
 * while others run, so the next batch joins the current one with no pause between them: the
 * pool stays full across batch boundaries.
 */
export class SendPool {
  private readonly chains = new Map<string, PoolJob[]>();
  private readonly ready: string[] = [];
  private running = 0;
  private queued = 0;
  private watchers: { holds: () => boolean; resolve: () => void }[] = [];
  /** The first job that threw, if any. */
  failure: unknown = undefined;

  constructor(private readonly concurrency: number) {}

  /** Jobs added and not started yet. */
  get waiting(): number {
    return this.queued;
  }

  add(key: string, job: PoolJob): void {
    this.queued += 1;
    const chain = this.chains.get(key);
    if (chain) {
      chain.push(job);
      return;
    }
    this.chains.set(key, [job]);
    this.ready.push(key);
    this.start();
  }

  /** No job waits or runs. */
  idle(): boolean {
    return this.queued === 0 && this.running === 0;
  }

  /** Resolves once at most `count` jobs wait to start. */
  whenWaitingAtMost(count: number): Promise<void> {
    return this.when(() => this.queued <= count);
  }

  /** Resolves once every job added has finished. */
  whenIdle(): Promise<void> {
    return this.when(() => this.idle());
  }

  private when(holds: () => boolean): Promise<void> {
    if (holds()) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push({ holds, resolve }));
  }

  private start(): void {
    while (this.running < this.concurrency && this.ready.length > 0) {
      this.running += 1;
      void this.runChain(this.ready.shift()!);
    }
  }

  private async runChain(key: string): Promise<void> {
    const chain = this.chains.get(key)!;
    while (chain.length > 0) {
      const job = chain.shift()!;
      this.queued -= 1;
      this.notify();
      try {
        await job();
      } catch (error) {
        this.failure ??= error;
      }
    }
    this.chains.delete(key);
    this.running -= 1;
    this.start();
    this.notify();
  }

  private notify(): void {
    if (this.watchers.length === 0) return;
    const holding = this.watchers.filter((w) => w.holds());
    if (holding.length === 0) return;
    this.watchers = this.watchers.filter((w) => !holding.includes(w));
    holding.forEach((w) => w.resolve());
  }
}

/** A counting semaphore: `acquire` waits while `size` permits are out. */
export class Permits {
  private out = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly size: number) {}

  /** A permit can be had at once. */
  available(): boolean {
    return this.out < this.size;
  }

  acquire(): Promise<void> {
    if (this.out < this.size) {
      this.out += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.out -= 1;
  }
}
