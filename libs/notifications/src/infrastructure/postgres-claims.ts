import type { DataSource, EntityManager } from 'typeorm';
import { attemptRecordOf, recordOnPostgres, type AttemptEntry } from './attempt-log';
import { prepared, relaxedClient, type PgClient } from './bookkeeping';
import type { ClaimedContents, ClaimedDelivery } from './delivery-claims';
import { deliverySql } from './delivery-sql';
import type { Claims, RunSettings } from './dispatch-run';
import { NotificationDeliveryRow, SubscriptionRow } from './notification.entities';
import type { AttemptRecord, ClaimedRow } from './sqlite-bookkeeping';

/** Claims a run holds open at once: the batch being sent and the next. */
const OPEN_MAX = 2;

/**
 * Claims held as row locks on PostgreSQL: a batch is one transaction on a connection of the
 * dispatcher's own pool (bookkeeping.ts, `synchronous_commit = off`) that picks the due rows
 * `FOR NO KEY UPDATE SKIP LOCKED` and keeps them locked while they are sent; the batch's tries
 * are recorded in that transaction, committed once its jobs are all over. No claim is written
 * (no `claimedUntil`, no renewal: of the database's work per delivery that was about 40 %), and
 * a killed dispatcher's locks go with its connection, at once. Two batches at most are open, each
 * of at most half the unrecorded bound, so at most `unrecordedMax` sends are unrecorded (what a
 * crash costs). A dispatcher hung but alive holds nothing for ever: each transaction has
 * `idle_in_transaction_session_timeout` at the lease, and the heartbeat, which keeps a live run's
 * batches from it, stops with the process's event loop.
 */
export class RowLockClaims implements Claims {
  readonly batchSize: number;
  private readonly openMax: number;
  private readonly open = new Map<string, HeldBatch>();
  private readonly batches = new Set<HeldBatch>();
  private roomWaiters: (() => void)[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly settings: RunSettings,
    private readonly contents: ClaimedContents,
  ) {
    this.openMax = settings.unrecordedMax >= OPEN_MAX ? OPEN_MAX : 1;
    this.batchSize = Math.max(1, Math.min(settings.batchSize, Math.floor(settings.unrecordedMax / this.openMax)));
  }

  async room(): Promise<void> {
    while (this.batches.size >= this.openMax) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  async claim(at: string): Promise<ClaimedDelivery[]> {
    const nowIso = new Date(this.settings.realNow()).toISOString();
    const { batch, rows } = await HeldBatch.open(this.db, { at, nowIso, limit: this.batchSize, timeoutMs: this.settings.leaseMs });
    if (!batch) return [];
    this.batches.add(batch);
    for (const row of rows) this.open.set(row.id, batch);
    void batch.finished.then(() => {
      this.batches.delete(batch);
      // A row this batch let go unrecorded (its job failed) may be held by a later batch already.
      for (const row of rows) if (this.open.get(row.id) === batch) this.open.delete(row.id);
      this.roomWaiters.splice(0).forEach((wake) => wake());
    });
    try {
      return await this.contents.join(this.db.manager, rows);
    } catch (error) {
      batch.done(rows.map((row) => row.id));
      throw error;
    }
  }

  record(entries: readonly AttemptEntry[]): Promise<void> {
    return this.batchOf(entries.map((e) => e.delivery.id)).add({ ids: entries.map((e) => e.delivery.id), records: entries.map(attemptRecordOf) });
  }

  putBack(ids: readonly string[], nextAttemptAt: string): Promise<void> {
    return this.batchOf(ids).add({ ids, putBack: nextAttemptAt });
  }

  holds(id: string): boolean {
    return this.open.get(id)?.alive() ?? false;
  }

  done(ids: readonly string[]): void {
    this.open.get(ids[0])?.done(ids);
  }

  /** A batch's tries are written when its jobs are all over (its commit frees their slots), not before. */
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

/** What a job asks to keep: its tries' records, or its deliveries put back untried until a time. */
interface Keep {
  ids: readonly string[];
  records?: AttemptRecord[];
  putBack?: string;
}

interface Asked extends Keep {
  kept: () => void;
  failed: (error: unknown) => void;
}

/** What one claim asks for: due at `at`, honouring leases live at `nowIso`; the transaction's idle timeout. */
interface LockRequest {
  at: string;
  nowIso: string;
  limit: number;
  timeoutMs: number;
}

/**
 * One claim: an open transaction on its own connection, holding its rows locked. What its jobs
 * ask to keep is written when the last of them is over, then committed; if the connection was
 * lost meanwhile (killed by the idle timeout, the server gone), nothing of it is kept and its
 * deliveries, unlocked, are someone's to send again (same ids).
 */
class HeldBatch {
  readonly finished: Promise<void>;
  private finish!: () => void;
  private readonly asked: Asked[] = [];
  private outstanding: number;
  private lost: Error | undefined;
  private busy = 0;
  private readonly onError = (error: Error) => { this.lost ??= error; };

  private constructor(private readonly manager: EntityManager, private readonly client: PgClient, private readonly request: LockRequest) {
    this.outstanding = 0;
    this.finished = new Promise((resolve) => (this.finish = resolve));
    client.on('error', this.onError);
  }

  /** Opens a transaction and locks up to `limit` due rows in it; with none, the transaction is over and no batch is returned. */
  static async open(db: DataSource, request: LockRequest): Promise<{ batch: HeldBatch | null; rows: ClaimedRow[] }> {
    const client = await relaxedClient(db);
    const batch = new HeldBatch(db.manager, client, request);
    let rows: ClaimedRow[];
    try {
      await batch.begin();
      rows = await batch.query(claimSql(db.manager, request.limit), [request.at, request.nowIso]);
      if (rows.length === 0) await batch.query('COMMIT');
    } catch (error) {
      batch.close(error);
      throw error;
    }
    if (rows.length === 0) {
      batch.close();
      return { batch: null, rows };
    }
    batch.outstanding = rows.length;
    return { batch, rows };
  }

  add(keep: Keep): Promise<void> {
    return new Promise((kept, failed) => this.asked.push({ ...keep, kept, failed }));
  }

  /** These deliveries' jobs are over; after the last, the batch is written and committed. */
  done(ids: readonly string[]): void {
    this.outstanding -= ids.length;
    if (this.outstanding === 0) void this.commit();
  }

  /** Its connection, and so its transaction and locks, are not known to be lost. */
  alive(): boolean {
    return this.lost === undefined;
  }

  /** Shows the server the session is alive (a statement resets its idle timeout), unless one runs now. */
  async ping(): Promise<void> {
    if (this.busy === 0 && this.outstanding > 0 && !this.lost) await this.query('SELECT 1');
  }

  private async commit(): Promise<void> {
    const asked = this.asked.splice(0);
    try {
      if (this.lost) throw this.lost;
      try {
        await this.write(asked);
      } catch (error) {
        if (this.lost) throw error;
        return await this.salvage(asked, error);
      }
      await this.query('COMMIT');
      asked.forEach((a) => a.kept());
      this.close();
    } catch (error) {
      asked.forEach((a) => a.failed(error));
      this.close(error);
    }
  }

  /**
   * One bad try (say, an error text PostgreSQL refuses) failed the batch's statement, and with it
   * the transaction: the rows are locked again, where no one took them meanwhile, and each job's
   * part written alone (a savepoint each), so that only the bad one is not kept.
   */
  private async salvage(asked: Asked[], cause: unknown): Promise<void> {
    await this.query('ROLLBACK');
    await this.begin();
    const ids = asked.flatMap((a) => a.ids);
    const locked = new Set((await this.query(relockSql(this.manager), [ids, this.request.nowIso])).map((row: { id: string }) => row.id));
    const kept: Asked[] = [];
    for (const one of asked) {
      if (!one.ids.every((id) => locked.has(id))) {
        one.failed(cause);
        continue;
      }
      await this.query('SAVEPOINT one_try');
      try {
        await this.write([one]);
        kept.push(one);
      } catch (error) {
        if (this.lost) throw error;
        await this.query('ROLLBACK TO SAVEPOINT one_try');
        one.failed(error);
      }
    }
    await this.query('COMMIT');
    kept.forEach((a) => a.kept());
    this.close();
  }

  private async write(asked: readonly Asked[]): Promise<void> {
    const { name, table } = deliverySql(this.manager);
    for (const { ids, putBack } of asked) {
      if (putBack === undefined) continue;
      await this.query(`UPDATE ${table(NotificationDeliveryRow)} SET ${name('nextAttemptAt')} = $1, ${name('claimedUntil')} = NULL WHERE ${name('id')} = ANY($2::text[])`, [putBack, ids]);
    }
    const records = asked.flatMap((a) => a.records ?? []);
    if (records.length > 0) await recordOnPostgres(this.manager, (sql, params) => this.query(sql, params), records);
  }

  private begin(): Promise<unknown> {
    // The lease as the session's idle timeout in this transaction: a process that stops (its heartbeat with it) frees the rows then.
    return this.query(`BEGIN; SET LOCAL idle_in_transaction_session_timeout = ${Math.max(1, Math.round(this.request.timeoutMs))}`);
  }

  private async query(sql: string, params?: readonly unknown[]): Promise<any[]> {
    this.busy += 1;
    try {
      return (await this.client.query(params ? prepared(sql, params) : sql)).rows;
    } finally {
      this.busy -= 1;
    }
  }

  private close(error?: unknown): void {
    this.client.removeListener('error', this.onError);
    // A connection whose transaction may still be open, or that failed, is closed rather than pooled.
    this.client.release(error === undefined ? undefined : error instanceof Error ? error : new Error(String(error)));
    this.finish();
  }
}

/** Columns of a claimed row: `d` the delivery, `s` its subscription. */
function claimedColumns(manager: EntityManager): string {
  const { name } = deliverySql(manager);
  const col = (alias: string, column: string) => `${alias}.${name(column)} AS ${name(column)}`;
  return [
    ...['id', 'notificationId', 'kind', 'channel', 'attempts', 'createdAt', 'subscriptionId', 'contentId'].map((c) => col('d', c)),
    ...['address', 'language', 'digest', 'removedAt'].map((c) => col('s', c)),
  ].join(', ');
}

/** Due rows that no one holds: unlocked, and with no live lease (one claimed the old way, by the version before, is left to it until it lapses). */
function claimable(manager: EntityManager): string {
  const { name } = deliverySql(manager);
  return `d.${name('status')} IN ('pending', 'failed') AND d.${name('nextAttemptAt')} <= $1 ` +
    `AND (d.${name('claimedUntil')} IS NULL OR d.${name('claimedUntil')} < $2)`;
}

/**
 * Locks up to `limit` due rows, oldest due first, read in the order of the partial index
 * `notification_delivery_to_send` (no sort of every pending row), and reads them with their
 * subscriptions in that order (`ranked`: a join would lose it; a subscriber's notices go in it).
 */
function claimSql(manager: EntityManager, limit: number): string {
  const { name, table } = deliverySql(manager);
  const columns = ['id', 'notificationId', 'kind', 'channel', 'attempts', 'createdAt', 'subscriptionId', 'contentId'].map((c) => `d.${name(c)}`).join(', ');
  return `WITH picked AS MATERIALIZED (SELECT ${columns} FROM ${table(NotificationDeliveryRow)} d WHERE ${claimable(manager)} ` +
    `ORDER BY d.${name('nextAttemptAt')} LIMIT ${limit} FOR NO KEY UPDATE SKIP LOCKED), ` +
    `ranked AS MATERIALIZED (SELECT picked.*, row_number() OVER () AS rank FROM picked) ` +
    `SELECT ${claimedColumns(manager)} FROM ranked d JOIN ${table(SubscriptionRow)} s ON s.${name('id')} = d.${name('subscriptionId')} ORDER BY d.rank`;
}

/** The batch's rows locked again after its transaction failed: those still due that no one took meanwhile. */
function relockSql(manager: EntityManager): string {
  const { name, table } = deliverySql(manager);
  return `SELECT d.${name('id')} AS ${name('id')} FROM ${table(NotificationDeliveryRow)} d WHERE d.${name('id')} = ANY($1::text[]) ` +
    `AND d.${name('status')} IN ('pending', 'failed') AND (d.${name('claimedUntil')} IS NULL OR d.${name('claimedUntil')} < $2) FOR NO KEY UPDATE SKIP LOCKED`;
}
