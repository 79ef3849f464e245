import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openReadModels } from './read-model.datasource';
import { CheckpointRow } from './read-model.entities';

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('transactions on the SQLite read-model database (one shared connection)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consult-sqlite-tx-'));
  let db: DataSource;

  beforeAll(async () => {
    db = await openReadModels({ sqlitePath: join(dir, 'consult.db') });
  });

  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const row = (name: string) => ({ name, position: 1 });

  it('keeps a committed transaction when another, begun while it was open, rolls back', async () => {
    const first = db.transaction(async (manager) => {
      await manager.getRepository(CheckpointRow).insert(row('kept'));
      await pause(30);
    });
    const second = db.transaction(async (manager) => {
      await manager.getRepository(CheckpointRow).insert(row('rolled-back'));
      throw new Error('this one fails');
    });
    await first;
    await expect(second).rejects.toThrow('this one fails');
    expect(await db.getRepository(CheckpointRow).findOneBy({ name: 'kept' })).toMatchObject({ position: 1 });
    expect(await db.getRepository(CheckpointRow).findOneBy({ name: 'rolled-back' })).toBeNull();
  });

  it('holds a statement sent from outside an open transaction until it ends, so its rollback cannot take it', async () => {
    const failing = db.transaction(async (manager) => {
      await manager.getRepository(CheckpointRow).insert(row('inside'));
      await pause(30);
      throw new Error('rolled back');
    });
    await pause(5);
    const outside = db.getRepository(CheckpointRow).insert(row('outside'));
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect(await db.getRepository(CheckpointRow).findOneBy({ name: 'outside' })).not.toBeNull();
    expect(await db.getRepository(CheckpointRow).findOneBy({ name: 'inside' })).toBeNull();
  });

  it('runs a savepoint opened inside a transaction at once', async () => {
    await db.transaction(async (manager) => {
      await manager.getRepository(CheckpointRow).insert(row('outer'));
      await expect(manager.transaction(async (inner) => {
        await inner.getRepository(CheckpointRow).insert(row('inner'));
        throw new Error('inner fails');
      })).rejects.toThrow('inner fails');
    });
    expect(await db.getRepository(CheckpointRow).findOneBy({ name: 'outer' })).not.toBeNull();
    expect(await db.getRepository(CheckpointRow).findOneBy({ name: 'inner' })).toBeNull();
  });
});
