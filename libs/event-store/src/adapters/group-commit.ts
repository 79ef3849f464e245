type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<T, R> {
  request: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: requests submitted while a batch is being committed wait and go
 * together in the next one, so N concurrent appends cost one durable commit.
 * `commit` returns one outcome per request (a failed request does not fail the
 * others); if it throws, the whole batch failed and every caller is rejected.
 * Nobody is acknowledged before the batch's commit has returned.
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly commit: (batch: T[]) => Outcome<R>[] | Promise<Outcome<R>[]>,
    private readonly maxBatch = 1000,
  ) {}

  submit(request: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.running ??= this.run();
    });
  }

  /** Resolves once every submitted request has been settled. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    // Let callers of the same tick join the first batch; later ones join the next.
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const outcomes = await this.commit(batch.map((p) => p.request));
        batch.forEach((pending, i) => {
          const outcome = outcomes[i];
          if (outcome.ok) pending.resolve(outcome.value);
          else pending.reject(outcome.error);
        });
      } catch (error) {
        batch.forEach((pending) => pending.reject(error));
      }
    }
    this.running = undefined;
  }
}
