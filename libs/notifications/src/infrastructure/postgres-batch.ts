import { prepared, type PgClient } from './bookkeeping';
import type { AttemptRecord, BookkeepingTables, ClaimedRow } from './sqlite-bookkeeping';

/**
 * One claim on PostgreSQL as a transaction holding its rows locked (see postgres-claims.ts), on
 * a connection of the dispatcher's own pool (bookkeeping.ts). It needs no TypeORM: the tables come
 * as quoted names (a thread of its own was tried for it: docs/benchmarks.md, deliveries, session 9).
 */


/** What one claim asks for: due at `at`, honouring leases live at `nowIso`; the transaction's idle timeout. */
export interface LockRequest {
  at: string;
  nowIso: string;
  limit: number;
  timeoutMs: number;
}

/** What one job of a batch asks to keep: its tries' records, or its deliveries put back untried until a time. */
export interface BatchWrite {
  ids: readonly string[];
  records?: AttemptRecord[];
  putBack?: string;
}

/** A write not kept: why. */
export interface WriteFailure {
  message: string;
  code?: string;
}

/** For each write of a commit, in order: null if kept, or why not. */
export type WriteOutcomes = (WriteFailure | null)[];

const name = (column: string): string => `"${column}"`;
const failureOf = (error: unknown): WriteFailure => ({ message: error instanceof Error ? error.message : String(error), code: (error as { code?: string })?.code });

/**
 * An open transaction holding its claimed rows. `commit` writes what its jobs asked and commits;
 * if the connection was lost meanwhile (killed by the idle timeout, the server gone), nothing is
 * kept and the rows, unlocked, are someone's to send again (same ids).
 */
export class PgBatch {
  private lost: Error | undefined;
  private busy = 0;
  private closed = false;
  private readonly onError = (error: Error) => { this.lost ??= error; };

  private constructor(private readonly client: PgClient, private readonly tables: BookkeepingTables, private readonly request: LockRequest) {
    // From the checkout on: a session ended by the server between statements is an 'error' on the client, which must be heard.
    client.on('error', this.onError);
  }

  /** Its rows, locked, in the order claimed. */
  get rows(): ClaimedRow[] {
    return this.claimed;
  }

  private claimed: ClaimedRow[] = [];

  /** Opens a transaction and locks up to `limit` due rows in it; with none, the transaction is over and null is returned. */
  static async open(client: PgClient, tables: BookkeepingTables, request: LockRequest): Promise<PgBatch | null> {
    const batch = new PgBatch(client, tables, request);
    try {
      await batch.query(begin(request.timeoutMs));
      batch.claimed = await batch.query(claimSql(tables, request.limit), [request.at, request.nowIso]);
      if (batch.claimed.length > 0) return batch;
      await batch.query('COMMIT');
      batch.close();
      return null;
    } catch (error) {
      batch.close(error);
      throw error;
    }
  }

  /** Its connection, and so its transaction and locks, are not known to be lost. */
  alive(): boolean {
    return this.lost === undefined && !this.closed;
  }

  /** Shows the server the session is alive (a statement resets its idle timeout), unless one runs now. */
  async ping(): Promise<void> {
    if (this.busy === 0 && this.alive()) await this.query('SELECT 1');
  }

  /** Writes `writes` and commits, all in one statement if it can; releases the connection. For each write, in order: kept, or why not. */
  async commit(writes: readonly BatchWrite[]): Promise<WriteOutcomes> {
    try {
      if (this.lost) throw this.lost;
      try {
        await this.write(writes);
      } catch (error) {
        if (this.lost) throw error;
        return await this.salvage(writes, error);
      }
      await this.query('COMMIT');
      this.close();
      return writes.map(() => null);
    } catch (error) {
      this.close(error);
      return writes.map(() => failureOf(error));
    }
  }

  /**
   * One bad try (say, an error text PostgreSQL refuses) failed the batch's statement, and with it
   * the transaction: the rows are locked again, where no one took them meanwhile, and each job's
   * part written alone (a savepoint each), so that only the bad one is not kept.
   */
  private async salvage(writes: readonly BatchWrite[], cause: unknown): Promise<WriteOutcomes> {
    await this.query('ROLLBACK');
    await this.query(begin(this.request.timeoutMs));
    const ids = writes.flatMap((w) => w.ids);
    const locked = new Set((await this.query(relockSql(this.tables), [ids, this.request.nowIso])).map((row: { id: string }) => row.id));
    const outcomes: WriteOutcomes = [];
    for (const one of writes) {
      if (!one.ids.every((id) => locked.has(id))) {
        outcomes.push(failureOf(cause));
        continue;
      }
      await this.query('SAVEPOINT one_try');
      try {
        await this.write([one]);
        outcomes.push(null);
      } catch (error) {
        if (this.lost) throw error;
        await this.query('ROLLBACK TO SAVEPOINT one_try');
        outcomes.push(failureOf(error));
      }
    }
    await this.query('COMMIT');
    this.close();
    return outcomes;
  }

  private async write(writes: readonly BatchWrite[]): Promise<void> {
    for (const { ids, putBack } of writes) {
      if (putBack === undefined) continue;
      await this.query(`UPDATE ${this.tables.delivery} SET ${name('nextAttemptAt')} = $1, ${name('claimedUntil')} = NULL WHERE ${name('id')} = ANY($2::text[])`, [putBack, ids]);
    }
    const records = writes.flatMap((w) => w.records ?? []);
    if (records.length > 0) await this.query(recordSql(this.tables), recordParams(records));
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
    if (this.closed) return;
    this.closed = true;
    this.client.removeListener('error', this.onError);
    // A connection whose transaction may still be open, or that failed, is closed rather than pooled.
    this.client.release(error === undefined ? undefined : error instanceof Error ? error : new Error(String(error)));
  }
}

/** The lease as the session's idle timeout in this transaction: a process that stops (its heartbeat with it) frees the rows then. */
const begin = (timeoutMs: number): string => `BEGIN; SET LOCAL idle_in_transaction_session_timeout = ${Math.max(1, Math.round(timeoutMs))}`;

const CLAIMED = ['id', 'notificationId', 'kind', 'channel', 'attempts', 'createdAt', 'subscriptionId', 'contentId'];

/**
 * Locks up to `limit` due rows that no one holds (unlocked, and with no live lease: one claimed
 * the old way, by the version before, is left to it until it lapses), oldest due first, read in
 * the order of the partial index `notification_delivery_to_send` (no sort of every pending row),
 * and reads them with their subscriptions in that order (`ranked`: a join would lose it; a
 * subscriber's notices go in it).
 */
export function claimSql(tables: BookkeepingTables, limit: number): string {
  const columns = [...CLAIMED.map((c) => `d.${name(c)} AS ${name(c)}`), ...['address', 'language', 'digest', 'removedAt'].map((c) => `s.${name(c)} AS ${name(c)}`)];
  return `WITH picked AS MATERIALIZED (SELECT ${CLAIMED.map((c) => `d.${name(c)}`).join(', ')} FROM ${tables.delivery} d ` +
    `WHERE d.${name('status')} IN ('pending', 'failed') AND d.${name('nextAttemptAt')} <= $1 ` +
    `AND (d.${name('claimedUntil')} IS NULL OR d.${name('claimedUntil')} < $2) ` +
    `ORDER BY d.${name('nextAttemptAt')} LIMIT ${limit} FOR NO KEY UPDATE SKIP LOCKED), ` +
    `ranked AS MATERIALIZED (SELECT picked.*, row_number() OVER () AS rank FROM picked) ` +
    `SELECT ${columns.join(', ')} FROM ranked d JOIN ${tables.subscription} s ON s.${name('id')} = d.${name('subscriptionId')} ORDER BY d.rank`;
}

/** The batch's rows locked again after its transaction failed: those still due that no one took meanwhile. */
function relockSql(tables: BookkeepingTables): string {
  return `SELECT d.${name('id')} AS ${name('id')} FROM ${tables.delivery} d WHERE d.${name('id')} = ANY($1::text[]) ` +
    `AND d.${name('status')} IN ('pending', 'failed') AND (d.${name('claimedUntil')} IS NULL OR d.${name('claimedUntil')} < $2) FOR NO KEY UPDATE SKIP LOCKED`;
}

/** The tries' fields as the record statement reads them from its JSON parameter, with their types. */
const RECORD_FIELDS: [keyof AttemptRecord, string][] = [
  ['attemptId', 'text'], ['deliveryId', 'text'], ['attempts', 'int'], ['at', 'text'], ['outcome', 'text'], ['error', 'text'],
  ['status', 'text'], ['nextAttemptAt', 'text'], ['sentAt', 'text'],
];

/**
 * Tries recorded in one statement: the attempt rows inserted and the deliveries updated from one
 * JSON array of the records (`json_to_recordset`). One JSON text costs this thread a fraction of
 * nine arrays escaped element by element (a fifth of the record's CPU here, session 10).
 */
export function recordSql(tables: BookkeepingTables): string {
  const v = (c: string) => `v.${name(c)}`;
  return `WITH v AS (SELECT * FROM json_to_recordset($1::json) AS v(${RECORD_FIELDS.map(([field, type]) => `${name(field)} ${type}`).join(', ')})), ` +
    `tried AS (INSERT INTO ${tables.attempt} (${['id', 'deliveryId', 'attempt', 'at', 'outcome', 'error'].map(name).join(', ')}) ` +
    `SELECT ${[v('attemptId'), v('deliveryId'), v('attempts'), v('at'), v('outcome'), v('error')].join(', ')} FROM v WHERE ${v('attemptId')} IS NOT NULL) ` +
    `UPDATE ${tables.delivery} d SET ${name('status')} = ${v('status')}, ${name('attempts')} = ${v('attempts')}, ` +
    `${name('nextAttemptAt')} = ${v('nextAttemptAt')}, ${name('lastError')} = ${v('error')}, ${name('sentAt')} = ${v('sentAt')}, ${name('claimedUntil')} = NULL ` +
    `FROM v WHERE d.${name('id')} = ${v('deliveryId')}`;
}

/** The records as the statement's one parameter: the fields it reads, in JSON. */
function recordParams(records: readonly AttemptRecord[]): [string] {
  return [JSON.stringify(records)];
}
