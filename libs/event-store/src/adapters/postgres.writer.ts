import { DatabaseError, Pool, PoolClient, QueryResult } from 'pg';
import { AppendPlan, AppendRequest, Outcome, planAppends } from './postgres.append-plan';
import { KnownHeads } from './postgres.known-heads';
import { LookupRow, Statements, isDuplicateId, isStatementError, storedState } from './postgres.statements';

/** After a guess lost to another process's commit, the batches written the locked way before guessing again. */
const CONTENDED_BATCHES = 16;

/**
 * Writes group-commit batches; see the comment on `PostgresEventStore` for why each
 * path is correct. `write` returns one outcome an append, or throws when the whole
 * batch failed (its outcome unknown only if the connection failed during the write).
 */
export class PostgresWriter {
  private readonly known = new KnownHeads();
  private contended = 0;

  constructor(
    private readonly pool: Pool,
    private readonly sql: Statements,
    private readonly onCommit: () => void,
  ) {}

  async write(batch: AppendRequest[]): Promise<Outcome[]> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      if (this.contended > 0) {
        this.contended -= 1;
        return await this.writeLocked(client, batch);
      }
      return await this.writeOptimistically(client, batch) ?? await this.writeLocked(client, batch);
    } catch (error) {
      this.known.forget();
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      // A connection that failed mid-batch is discarded (which rolls back whatever it had open).
      client.release(failure);
    }
  }

  /**
   * The common path: plan from what is known (or else one lookup, outside any
   * transaction), then lock, insert, notify and commit in a single statement. Undefined
   * when the server refused the write (another writer came first, or a value is
   * refused): nothing was written, and the batch is to be written the locked way.
   */
  private async writeOptimistically(client: PoolClient, batch: AppendRequest[]): Promise<Outcome[] | undefined> {
    const guess = this.known.guess(batch);
    let from = guess?.head ?? 0;
    let plan = guess && planAppends(batch, guess.state, from);
    // A guess is only used when every append succeeds: a refusal must come from what the database holds.
    if (!plan || plan.outcomes.some((o) => !o.ok || o.value.duplicate)) {
      const found = await this.lookUp(client, batch);
      this.known.observed(found.head, found.state.heads);
      from = found.head;
      plan = planAppends(batch, found.state, from);
      // Nothing to write: every outcome was decided on one snapshot taken during the call.
      if (plan.rows.length === 0) return plan.outcomes;
    }
    try {
      await client.query(this.sql.insertAndCommit(plan.rows));
    } catch (error) {
      if (!isStatementError(error)) throw error;
      this.known.forget();
      if ((error as DatabaseError).constraint === 'events_pkey') this.contended = CONTENDED_BATCHES;
      return undefined;
    }
    this.known.committed(from, plan.rows);
    this.onCommit();
    return plan.outcomes;
  }

  /** Lock first, then read and write: four round trips, but nothing can change between lookup and insert. */
  private async writeLocked(client: PoolClient, batch: AppendRequest[]): Promise<Outcome[]> {
    try {
      return await this.writeTogether(client, batch);
    } catch (error) {
      if (!(error instanceof InsertRefused)) throw error;
      await client.query('ROLLBACK');
      this.known.forget();
      return await this.writeOneByOne(client, batch);
    }
  }

  private async writeTogether(client: PoolClient, batch: AppendRequest[]): Promise<Outcome[]> {
    await client.query(this.sql.lockedBegin);
    const found = await this.lookUp(client, batch);
    this.known.observed(found.head, found.state.heads);
    const plan = planAppends(batch, found.state, found.head);
    try {
      if (plan.rows.length > 0) await client.query(this.sql.insert(plan.rows));
    } catch (error) {
      throw new InsertRefused(error);
    }
    await this.commit(client, plan.rows.length > 0 ? plan.head : undefined);
    this.known.committed(found.head, plan.rows);
    return plan.outcomes;
  }

  /** After a refused INSERT: each append in its own savepoint, so one bad append fails alone. */
  private async writeOneByOne(client: PoolClient, batch: AppendRequest[]): Promise<Outcome[]> {
    await client.query(this.sql.lockedBegin);
    let head: number | undefined;
    const outcomes: Outcome[] = [];
    for (const request of batch) {
      const outcome = await this.writeInSavepoint(client, request);
      if (outcome.ok && !outcome.value.duplicate) head = outcome.value.position;
      outcomes.push(outcome);
    }
    await this.commit(client, head);
    this.known.forget();
    return outcomes;
  }

  private async writeInSavepoint(client: PoolClient, request: AppendRequest): Promise<Outcome> {
    await client.query('SAVEPOINT append');
    try {
      const plan = await this.lookUpAndPlan(client, [request]);
      if (plan.rows.length > 0) await client.query(this.sql.insert(plan.rows));
      await client.query('RELEASE SAVEPOINT append');
      return plan.outcomes[0];
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT append; RELEASE SAVEPOINT append');
      // Unreachable while every writer holds the lock; the constraint is the durable backstop.
      if (isDuplicateId(error)) {
        const [again] = (await this.lookUpAndPlan(client, [request])).outcomes;
        if (!again.ok || again.value.duplicate) return again;
      }
      return { ok: false, error };
    }
  }

  /** Stream heads, stored ids and the last position (this transaction's own inserts included), in one snapshot. */
  private async lookUp(client: PoolClient, batch: AppendRequest[]): Promise<ReturnType<typeof storedState>> {
    const streams = [...new Set(batch.map((r) => r.stream))];
    const ids = batch.flatMap((r) => r.events.map((e) => e.id));
    return storedState((await client.query<LookupRow>(this.sql.lookup([streams, ids]))).rows);
  }

  private async lookUpAndPlan(client: PoolClient, batch: AppendRequest[]): Promise<AppendPlan> {
    const found = await this.lookUp(client, batch);
    return planAppends(batch, found.state, found.head);
  }

  /** Commits, notifying listeners when `head` says events were written. */
  private async commit(client: PoolClient, head: number | undefined): Promise<void> {
    const results = (await client.query(head === undefined ? 'COMMIT' : this.sql.notifyAndCommit(head))) as unknown as
      QueryResult | QueryResult[];
    const commit = Array.isArray(results) ? results[results.length - 1] : results;
    // COMMIT of a transaction that an unnoticed error aborted answers ROLLBACK.
    if (commit.command !== 'COMMIT') throw new Error(`append batch was rolled back (${commit.command})`);
    if (head !== undefined) this.onCommit();
  }
}

/** The batch INSERT failed on its data: replay the batch append by append. */
class InsertRefused extends Error {
  constructor(readonly cause: unknown) {
    super('batch insert refused');
  }
}
