import type { AttemptEntry } from './attempt-log';
import type { ClaimedDelivery } from './delivery-claims';
import { Permits, SendPool, type PoolJob } from './send-pool';

/** How a run works (the dispatcher's settings). */
export interface RunSettings {
  leaseMs: number;
  batchSize: number;
  concurrency: number;
  unrecordedMax: number;
  realNow: () => number;
}

/**
 * How a run's claims are held and its tries kept: leases written into the rows on SQLite
 * (LeaseClaims, delivery-claims.ts), row locks of open transactions on PostgreSQL
 * (RowLockClaims, postgres-claims.ts).
 */
export interface Claims {
  /** Deliveries one claim takes at most. */
  readonly batchSize: number;
  /** Resolves once one more claim may be held beside those still open. */
  room(): Promise<void>;
  /** Takes up to `batchSize` deliveries due at `at` (engine time) that no one else holds; none when nothing is. */
  claim(at: string): Promise<ClaimedDelivery[]>;
  /** Has these tries kept; resolves once they are, rejects if they could not be. Called synchronously by the job that tried them. */
  record(entries: readonly AttemptEntry[]): Promise<void>;
  /** Puts claimed deliveries back, untried, due at `nextAttemptAt` (a digest before its hour); resolves once kept. */
  putBack(ids: readonly string[], nextAttemptAt: string): Promise<void>;
  /** Still held by this run (PostgreSQL: false once the claim's connection is lost; its deliveries are someone else's then). */
  holds(id: string): boolean;
  /** These deliveries' job has its slot among the unrecorded sends: it is being sent. */
  started(ids: readonly string[]): void;
  /** The jobs that had these deliveries are over (what they recorded or put back was asked for before). */
  done(ids: readonly string[]): void;
  /** Writes what waits now (a send waits for a slot among the unrecorded). */
  flush(): void;
  /** Keeps what is held alive (every third of the lease). */
  heartbeat(): Promise<void>;
}

/** The jobs that send one claimed batch, keyed by subscription (one key's jobs run in turn), with the deliveries each has. */
export type JobsOf = (batch: ClaimedDelivery[], run: DispatchRun) => { key: string; ids: readonly string[]; job: PoolJob }[];

/** Claims taken by one run, at most: a run sends at most this many batches (the old bound of 1,000 rounds). */
const MAX_CLAIMS = 1000;

/**
 * One `runDue`, pipelined: the next batch is claimed while the current one is being sent, sends
 * stay `concurrency` at a time across batches, and tries are recorded while later ones go out.
 * What bounds the cost of a crash: at most `unrecordedMax` sends are started and not yet recorded
 * (what a killed dispatcher leaves to be sent again); what it held goes to another dispatcher
 * once its claims lapse (SQLite's leases, renewed while it lives) or at once (PostgreSQL's locks).
 */
export class DispatchRun {
  private readonly pool: SendPool;
  private readonly permits: Permits;
  private readonly recording = new Set<Promise<void>>();
  private failure: unknown = undefined;

  constructor(private readonly claims: Claims, private readonly settings: RunSettings, readonly at: string) {
    this.pool = new SendPool(settings.concurrency);
    this.permits = new Permits(settings.unrecordedMax);
  }

  /** Claims and sends until nothing more is due; throws the first failure (a try that could not be recorded, a channel that threw). */
  async run(jobsOf: JobsOf): Promise<void> {
    const heartbeat = setInterval(() => void this.claims.heartbeat().catch(() => undefined), Math.max(1, this.settings.leaseMs / 3));
    heartbeat.unref();
    try {
      for (let claims = 0; claims < MAX_CLAIMS && this.failed() === undefined; claims += 1) {
        await this.claims.room();
        const batch = await this.claims.claim(this.at);
        if (batch.length > 0) {
          for (const { key, ids, job } of jobsOf(batch, this)) this.pool.add(key, () => job().finally(() => this.claims.done(ids)));
          await this.pool.whenWaitingAtMost(this.claims.batchSize);
        } else if (this.settled()) {
          break;
        } else {
          // Nothing more now: let what is in hand be sent and recorded, then look once more.
          await this.drain();
        }
      }
    } finally {
      // Also after a failed claim: what was sent is kept, and nothing is left held.
      await this.drain();
      clearInterval(heartbeat);
    }
    if (this.failed() !== undefined) throw this.failed();
  }

  /**
   * Waits for a slot among the sends not yet recorded (writing what waits if none is free, so
   * they are freed). False, and no slot taken, if this run no longer holds the deliveries (a
   * claim lost meanwhile: someone else's to send now).
   */
  async slot(ids: readonly string[]): Promise<boolean> {
    if (!this.permits.available()) this.claims.flush();
    await this.permits.acquire();
    if (ids.every((id) => this.claims.holds(id))) {
      this.claims.started(ids);
      return true;
    }
    this.permits.release();
    return false;
  }

  /** Has these tries recorded (with others'); their slot is freed once they are kept. `kept` runs then. */
  record(entries: readonly AttemptEntry[], kept: () => void): void {
    this.track(this.claims.record(entries).then(kept, (error: unknown) => { this.failure ??= error; }));
  }

  /** Puts deliveries back untried, due at `nextAttemptAt` (a digest before its hour); their slot is freed once that is kept. */
  putBack(ids: readonly string[], nextAttemptAt: string): void {
    this.track(this.claims.putBack(ids, nextAttemptAt).catch((error: unknown) => { this.failure ??= error; }));
  }

  private track(done: Promise<void>): void {
    const tracked = done.finally(() => this.permits.release());
    this.recording.add(tracked);
    void tracked.finally(() => this.recording.delete(tracked));
  }

  /** Every job finished and every try kept. */
  private async drain(): Promise<void> {
    await this.pool.whenIdle();
    this.claims.flush();
    while (this.recording.size > 0) await Promise.all([...this.recording]);
  }

  private settled(): boolean {
    return this.pool.idle() && this.recording.size === 0;
  }

  private failed(): unknown {
    return this.failure ?? this.pool.failure;
  }
}
