import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeEventStoreContract, Tamperer } from '../testing';
import { SqliteEventStore } from './sqlite.event-store';

const dir = mkdtempSync(join(tmpdir(), 'consult-sqlite-'));
const path = join(dir, 'events.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Tampers through a second connection, as someone with file access would. */
function tamper(): Tamperer {
  const run = (sql: string, ...params: unknown[]) => {
    const db = new Database(path);
    try { db.prepare(sql).run(...params); } finally { db.close(); }
  };
  return {
    async modifyData(stream, revision, data) {
      run(`UPDATE events SET data = json_patch(data, ?) WHERE stream = ? AND revision = ?`, JSON.stringify(data), stream, revision);
    },
    async remove(stream, revision) {
      run('DELETE FROM events WHERE stream = ? AND revision = ?', stream, revision);
    },
    async swap(stream, a, b) {
      const db = new Database(path);
      try {
        db.transaction(() => {
          const q = db.prepare('UPDATE events SET revision = ? WHERE stream = ? AND revision = ?');
          q.run(-1, stream, a); q.run(a, stream, b); q.run(b, stream, -1);
        })();
      } finally { db.close(); }
    },
  };
}

describeEventStoreContract('sqlite', () => SqliteEventStore.open({ path }), { tamper });

describe('sqlite adapter', () => {
  it('creates the database file and its directory', async () => {
    const nested = join(dir, 'a', 'b', 'consult.db');
    const store = await SqliteEventStore.open({ path: nested });
    await store.close();
    expect(require('node:fs').existsSync(nested)).toBe(true);
  });

  it('runs in WAL mode with synchronous=FULL', async () => {
    const store = await SqliteEventStore.open({ path: join(dir, 'pragmas.db') });
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    await store.close();
  });
});
