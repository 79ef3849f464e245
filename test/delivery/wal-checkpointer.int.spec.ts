import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalCheckpointer } from '../../libs/notifications/src/infrastructure/wal-checkpointer';

interface Connection {
  pragma(sql: string): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(...params: unknown[]): unknown };
  close(): void;
}
const Database = require('better-sqlite3') as new (path: string) => Connection;

describe('the bookkeeping thread\'s WAL checkpointer', () => {
  let dir: string;
  let path: string;
  let writer: Connection;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'consult-checkpointer-'));
    path = join(dir, 'bookkeeping.db');
    writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    // As the bookkeeping thread's connection: no automatic checkpoint, the WAL grows until one is asked for.
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE row (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });

  afterEach(() => {
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** About 4 MB of WAL: a thousand transactions of one row each. */
  function write(count: number): void {
    const insert = writer.prepare('INSERT INTO row (body) VALUES (?)');
    for (let i = 0; i < count; i += 1) insert.run('x'.repeat(3000));
  }

  const walBytes = () => statSync(`${path}-wal`).size;

  it('checkpoints on a thread of its own: asking returns at once, and the WAL is caught up with once it has answered', async () => {
    const here = jest.fn();
    const checkpointer = new WalCheckpointer(path, here);
    try {
      expect(await checkpointer.started).toBe(true);
      write(1000);
      checkpointer.ask();
      // Not made on the asking thread: nothing was copied there.
      expect(here).not.toHaveBeenCalled();
      await new Promise<void>((resolve) => checkpointer.now(resolve));
      // Every frame is in the database now (the tail, `here`, had nothing to copy: a spy): the next
      // transaction writes the WAL from its beginning again instead of growing it.
      const before = walBytes();
      write(1);
      expect(walBytes()).toBe(before);
    } finally {
      await checkpointer.close();
    }
  });

  it('checkpoints on the asking thread\'s connection when its own thread could not start', async () => {
    const here = jest.fn();
    const checkpointer = new WalCheckpointer(join(dir, 'missing', 'bookkeeping.db'), here);
    expect(await checkpointer.started).toBe(false);
    checkpointer.ask();
    expect(here).toHaveBeenCalledTimes(1);
    await new Promise<void>((resolve) => checkpointer.now(resolve));
    expect(here).toHaveBeenCalledTimes(2);
    await checkpointer.close();
  });
});
