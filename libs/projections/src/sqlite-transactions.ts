import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

type Transaction = EntityManager['transaction'];

/**
 * TypeORM's SQLite driver has ONE connection (one query runner) for the whole DataSource, and a
 * transaction begun while another is open becomes a savepoint inside it: two unrelated writers
 * (the notifications reactor, the reminder scheduler, a request marking a notification read)
 * would share one transaction, commit each other's work early, or roll it back. This makes
 * `DataSource.transaction` one at a time, in call order, and holds every statement issued from
 * outside the open transaction until it ends. A transaction opened inside one (a savepoint) is
 * recognised by its async context and runs at once. Writers must use `transaction()` (not
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

  const runner = dataSource.driver.createQueryRunner('master') as QueryRunner;
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = (async (...args: unknown[]) => {
    while (held !== undefined && owner.getStore() !== held) await released;
    return query(...args);
  }) as QueryRunner['query'];
}
