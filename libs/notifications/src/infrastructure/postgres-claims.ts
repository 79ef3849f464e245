import type { DataSource } from 'typeorm';
import { attemptRecordOf, type AttemptEntry } from './attempt-log';
import { bookkeepingTables, relaxedClient } from './bookkeeping';
import type { ClaimedContents, ClaimedDelivery } from './delivery-claims';
import type { Claims, RunSettings } from './dispatch-run';
import { PgBatch, type BatchWrite } from './postgres-batch';

/** Claims of a run whose jobs do not all have their slots yet, at most: the batch being sent and the next. */
const SENDING_MAX = 2;

/**
 * Claims held as row locks on PostgreSQL: a batch is one transaction on a connection of the
 * dispatcher's own pool (bookkeeping.ts, `synchronous_commit = off`) that picks the due rows
 * `FOR NO KEY UPDATE SKIP LOCKED` and keeps them locked while they are sent; the batch's tries
 * are recorded in that transaction, committed once its jobs are all over (postgres-batch.ts). No
 * claim is written (no `claimedUntil`, no renewal: of the database's work per delivery that was
 * about 40 %), and a killed dispatcher's locks go with its connection, at once. A dispatcher hung
 * but alive holds nothing for ever: each transaction has `idle_in_transaction_session_timeout` at
 * the lease, and the heartbeat, which keeps a live run's batches from it, stops with the process.
 *
 * What a crash costs stays bounded by the slots (`unrecordedMax` sends started and not yet
 * committed): a batch is at most half of it. The next is claimed once fewer than two batches have
 * jobs still waiting for their slots (not once fewer have jobs still running, as before: the claim's
 * two round trips were then often longer than what was left to send, and the sends waited for it),
 * so while one commits the next two are sent. No batch waits for ever: every batch but the last two
 * has all its slots, so its jobs end and its commit frees them, and the last two are at most the
 * slots between them.
 */
export class RowLockClaims implements Claims {
  readonly batchSize: number;
  private readonly open = new Map<string, HeldBatch>();
  private readonly batches = new Set<HeldBatch>();
  private roomWaiters: (() => void)[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly settings: RunSettings,
    private readonly contents: ClaimedContents,
  ) {
    this.batchSize = Math.max(1, Math.min(settings.batchSize, Math.floor(settings.unrecordedMax / SENDING_MAX)));
  }

  async room(): Promise<void> {
    const waiting = () => [...this.batches].filter((b) => b.waiting()).length;
    while (waiting() >= SENDING_MAX) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  async claim(at: string): Promise<ClaimedDelivery[]> {
    const nowIso = new Date(this.settings.realNow()).toISOString();
    const locked = await PgBatch.open(await relaxedClient(this.db), bookkeepingTables(this.db), { at, nowIso, limit: this.batchSize, timeoutMs: this.settings.leaseMs });
    if (!locked) return [];
    const { rows } = locked;
    const batch = new HeldBatch(locked);
    this.batches.add(batch);
    for (const row of rows) this.open.set(row.id, batch);
    void batch.finished.then(() => {
      this.batches.delete(batch);
      // A row this batch let go unrecorded (its job failed) may be held by a later batch already.
      for (const row of rows) if (this.open.get(row.id) === batch) this.open.delete(row.id);
    });
    try {
      return await this.contents.join(this.db.manager, rows);
    } catch (error) {
      this.done(rows.map((row) => row.id));
      throw error;
    }
  }

  record(entries: readonly AttemptEntry[]): Promise<void> {
    const ids = entries.map((e) => e.delivery.id);
    return this.batchOf(ids).add({ ids, records: entries.map(attemptRecordOf) });
  }

  putBack(ids: readonly string[], nextAttemptAt: string): Promise<void> {
    return this.batchOf(ids).add({ ids, putBack: nextAttemptAt });
  }

  holds(id: string): boolean {
    return this.open.get(id)?.alive() ?? false;
  }

  started(ids: readonly string[]): void {
    const batch = this.open.get(ids[0]);
    if (!batch) return;
    batch.started(ids);
    this.wakeIfRoom(batch);
  }

  done(ids: readonly string[]): void {
    const batch = this.open.get(ids[0]);
    if (!batch) return;
    batch.done(ids);
    this.wakeIfRoom(batch);
  }

  /** A claim may follow once this batch's jobs all have their slots. */
  private wakeIfRoom(batch: HeldBatch): void {
    if (!batch.waiting()) this.roomWaiters.splice(0).forEach((wake) => wake());
  }

  /** A batch's tries are written when its jobs are all over, not before. */
  flush(): void {}

  async heartbeat(): Promise<void> {
    await Promise.all([...this.batches].map((batch) => batch.ping()));
  }

  /** The batch holding these deliveries (a job's deliveries come from one claim). */
  private batchOf(ids: readonly string[]): HeldBatch {
    const batch = this.open.get(ids[0]);
    if (!batch) throw new Error(`delivery ${ids[0]} is not held by this run`);
    return batch;
  }
}

/**
 * One claim as its jobs see it: what they ask to keep is gathered here and written into its
 * transaction when the last of them is over, then committed; each asker hears then whether its
 * part was kept.
 */
class HeldBatch {
  readonly finished: Promise<void>;
  private finish!: () => void;
  private readonly writes: BatchWrite[] = [];
  private readonly askers: { kept: () => void; failed: (error: unknown) => void }[] = [];
  private outstanding: number;
  /** Its deliveries whose jobs have no slot yet. */
  private readonly unstarted: Set<string>;

  constructor(private readonly locked: PgBatch) {
    this.outstanding = locked.rows.length;
    this.unstarted = new Set(locked.rows.map((row) => row.id));
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  add(write: BatchWrite): Promise<void> {
    this.writes.push(write);
    return new Promise((kept, failed) => this.askers.push({ kept, failed }));
  }

  alive(): boolean {
    return this.locked.alive();
  }

  /** Some of its jobs wait for their slots. */
  waiting(): boolean {
    return this.unstarted.size > 0;
  }

  started(ids: readonly string[]): void {
    for (const id of ids) this.unstarted.delete(id);
  }

  async ping(): Promise<void> {
    await this.locked.ping();
  }

  /** These deliveries' jobs are over; after the last, the batch is written and committed. */
  done(ids: readonly string[]): void {
    this.started(ids);
    this.outstanding -= ids.length;
    if (this.outstanding === 0) void this.commit();
  }

  private async commit(): Promise<void> {
    const outcomes = await this.locked.commit(this.writes);
    this.askers.forEach((asker, i) => {
      const failure = outcomes[i];
      if (failure === null) asker.kept();
      else asker.failed(Object.assign(new Error(`delivery bookkeeping: ${failure.message}`), { code: failure.code }));
    });
    this.finish();
  }
}
