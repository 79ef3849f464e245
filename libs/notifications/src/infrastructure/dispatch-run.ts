import type { DataSource } from 'typeorm';
import type { AttemptEntry, AttemptLog } from './attempt-log';
import { claimBatch, renewClaim, type ClaimedContents, type ClaimedDelivery } from './delivery-claims';
import { Permits, SendPool, type PoolJob } from './send-pool';

/** How a run works (the dispatcher's settings). */
export interface RunSettings {
  leaseMs: number;
  batchSize: number;
  concurrency: number;
  unrecordedMax: number;
  realNow: () => number;
}

/** The jobs that send one claimed batch, keyed by subscription (one key's jobs run in turn). */
export type JobsOf = (batch: ClaimedDelivery[], run: DispatchRun) => { key: string; job: PoolJob }[];

/** Claims taken by one run, at most: a run sends at most this many batches (the old bound of 1,000 rounds). */
const MAX_CLAIMS = 1000;

/** One claim of this run: when it lapses, and its deliveries not yet recorded. */
interface HeldClaim {
  until: string;
  ids: Set<string>;
}

/**
 * One `runDue`, pipelined: the next batch is claimed while the current one is being sent, sends
 * stay `concurrency` at a time across batches, and tries are recorded in groups while later ones
 * go out. What bounds the cost of a crash: at most `unrecordedMax` sends are started and not
 * yet recorded (what a killed dispatcher leaves to be sent again); its claims, renewed while it
 * lives, lapse `leaseMs` after it died, and another dispatcher sends them then.
 */
export class DispatchRun {
  private readonly pool: SendPool;
  private readonly permits: Permits;
  private claims: HeldClaim[] = [];
  private renewing = false;
  private readonly held = new Map<string, HeldClaim>();
  private readonly recording = new Set<Promise<void>>();
  private failure: unknown = undefined;

  constructor(
    private readonly db: DataSource,
    private readonly settings: RunSettings,
    private readonly log: AttemptLog,
    private readonly contents: ClaimedContents,
    readonly at: string,
  ) {
    this.pool = new SendPool(settings.concurrency);
    this.permits = new Permits(settings.unrecordedMax);
  }

  /** Claims and sends until nothing more is due; throws the first failure (a try that could not be recorded, a channel that threw). */
  async run(jobsOf: JobsOf): Promise<void> {
    const heartbeat = setInterval(() => void this.renew().catch(() => undefined), Math.max(1, this.settings.leaseMs / 3));
    heartbeat.unref();
    try {
      for (let claims = 0; claims < MAX_CLAIMS && this.failed() === undefined; claims += 1) {
        const batch = await this.claim();
        if (batch.length > 0) {
          for (const { key, job } of jobsOf(batch, this)) this.pool.add(key, job);
          await this.pool.whenWaitingAtMost(this.settings.batchSize);
        } else if (this.settled()) {
          break;
        } else {
          // Nothing more now: let what is in hand be sent and recorded, then look once more.
          await this.drain();
        }
      }
      await this.drain();
    } finally {
      clearInterval(heartbeat);
    }
    if (this.failed() !== undefined) throw this.failed();
  }

  /** Waits for a slot among the sends not yet recorded (writing what waits if none is free, so they are freed). */
  async slot(): Promise<void> {
    if (!this.permits.available()) this.log.flush();
    await this.permits.acquire();
  }

  /** Has these tries recorded (with others'); their slot is freed once they are kept. `kept` runs then. */
  record(entries: readonly AttemptEntry[], kept: () => void): void {
    const recorded = this.log.record(entries).then(kept, (error: unknown) => { this.failure ??= error; });
    this.track(recorded.finally(() => this.release(entries.map((e) => e.delivery.id))));
  }

  /** Frees a slot taken for deliveries that were put back untried (a digest before its hour). */
  putBack(ids: readonly string[], done: Promise<void>): void {
    this.track(done.catch((error: unknown) => { this.failure ??= error; }).finally(() => this.release(ids)));
  }

  private track(done: Promise<void>): void {
    this.recording.add(done);
    void done.finally(() => this.recording.delete(done));
  }

  private release(ids: readonly string[]): void {
    this.permits.release();
    for (const id of ids) this.held.get(id)?.ids.delete(id);
    for (const id of ids) this.held.delete(id);
  }

  private async claim(): Promise<ClaimedDelivery[]> {
    const now = this.settings.realNow();
    const until = new Date(now + this.settings.leaseMs).toISOString();
    const batch = await claimBatch(this.db, { at: this.at, nowIso: new Date(now).toISOString(), until, limit: this.settings.batchSize }, this.contents);
    if (batch.length > 0) {
      const claim = { until, ids: new Set(batch.map((d) => d.id)) };
      this.claims.push(claim);
      for (const id of claim.ids) this.held.set(id, claim);
    }
    return batch;
  }

  /** The heartbeat: claims still holding deliveries are extended by a lease from now. */
  private async renew(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    try {
      this.claims = this.claims.filter((c) => c.ids.size > 0);
      for (const claim of [...this.claims]) {
        const until = new Date(this.settings.realNow() + this.settings.leaseMs).toISOString();
        await renewClaim(this.db, [...claim.ids], claim.until, until);
        claim.until = until;
      }
    } finally {
      this.renewing = false;
    }
  }

  /** Every job finished and every try kept. */
  private async drain(): Promise<void> {
    await this.pool.whenIdle();
    this.log.flush();
    while (this.recording.size > 0) await Promise.all([...this.recording]);
  }

  private settled(): boolean {
    return this.pool.idle() && this.recording.size === 0;
  }

  private failed(): unknown {
    return this.failure ?? this.pool.failure;
  }
}
