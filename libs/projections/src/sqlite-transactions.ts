import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

type Transaction = EntityManager['transaction'];

/** How long a statement waits, in all, for another connection's write lock (asynchronously). */
const BUSY_WAIT_MS = 10_000;
/**
 * SQLite's own busy wait, kept short: better-sqlite3 waits synchronously, freezing the thread,
 * and the lock may be held by another connection of this very thread (the audit log's, the
 * reactor's) that can only finish once the thread runs again. Past it, the wait is asynchronous.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 50;

const isBusy = (error: unknown): boolean => {
  const e = error as { code?: string; driverError?: { code?: string } };
  return (e?.code ?? e?.driverError?.code ?? '').startsWith('SQLITE_BUSY');
};
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Runs `statement` again while the database is busy, for a statement that failed whole (BEGIN, or one outside a transaction). */
async function whileBusy<T>(statement: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
    try {
      return await statement();
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      await sleep(delay);
    }
  }
}

/**
 * TypeORM's SQLite driver has ONE connection (one query runner) for the whole DataSource, and a
 * transaction begun while another is open becomes a savepoint inside it: two unrelated writers
 * (the notifications reactor, the reminder scheduler, a request marking a notification read)
 * would share one transaction, commit each other's work early, or roll it back. This makes
 * `DataSource.transaction` one at a time, in call order, and holds every statement issued from
 * outside the open transaction until it ends. A transaction opened inside one (a savepoint) is
 * recognised by its async context and runs at once. Transactions begin IMMEDIATE, and a BEGIN or
 * a lone statement that finds the database busy is tried again without blocking the thread. Writers must use `transaction()` (not
 * `Repository.save`, which opens its own on the shared runner); single statements are safe.
 */
export function serializeSqliteTransactions(dataSource: DataSource): void {
  const owner = new AsyncLocalStorage<symbol>();
  let held: symbol | undefined;
  let tail: Promise<void> = Promise.resolve();
  let released: Promise<void> = Promise.resolve();

  const transaction = dataSource.manager.transaction.bind(dataSource.manager) as (...args: unknown[]) => Promise<unknown>;
  dataSource.manager.transaction = ((...args: unknown[]) => {
    if (held !== undefined && owner.getStore() === held) return transaction(...args);
    const turn = tail.then(async () => {
      const token = Symbol('transaction');
      let release!: () => void;
      released = new Promise<void>((resolve) => (release = resolve));
      held = token;
      try {
        return await owner.run(token, () => transaction(...args));
      } finally {
        held = undefined;
        release();
      }
    });
    tail = turn.then(() => undefined, () => undefined);
    return turn;
  }) as Transaction;

  const runner = dataSource.driver.createQueryRunner('master') as QueryRunner & { transactionDepth: number };
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = (async (...args: unknown[]) => {
    while (held !== undefined && owner.getStore() !== held) await released;
    // IMMEDIATE: take the write lock at BEGIN, where a busy database is waited for. A deferred
    // transaction that reads, then writes after another connection (the projector's thread, the
    // audit log) committed, fails at once with "database is locked".
    if (args[0] === 'BEGIN TRANSACTION') args[0] = 'BEGIN IMMEDIATE TRANSACTION';
    const whole = args[0] === 'BEGIN IMMEDIATE TRANSACTION' || runner.transactionDepth === 0;
    return whole ? whileBusy(() => query(...args)) : query(...args);
  }) as QueryRunner['query'];
}
