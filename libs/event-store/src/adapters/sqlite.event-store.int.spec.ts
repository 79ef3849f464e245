import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import type { Worker } from 'node:worker_threads';
import { describeEventStoreContract, Tamperer } from '../testing';
import { SqliteEventStore } from './sqlite.event-store';

const dir = mkdtempSync(join(tmpdir(), 'consult-sqlite-'));
const path = join(dir, 'events.db');
const threadedPath = join(dir, 'threaded.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Tampers through a second connection, as someone with file access would. */
const tamperer = (path: string) => (): Tamperer => {
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
};

describeEventStoreContract('sqlite', () => SqliteEventStore.open({ path }), { tamper: tamperer(path) });
describeEventStoreContract('sqlite, writer thread', () => SqliteEventStore.open({ path: threadedPath, writerThread: true }), {
  tamper: tamperer(threadedPath),
});

/** Another connection holding the write lock, as another process committing would. */
function holdWriteLock(file: string): { release(): void } {
  const db = new Database(file);
  db.exec('BEGIN IMMEDIATE');
  return { release: () => { db.exec('ROLLBACK'); db.close(); } };
}

describe('sqlite writer thread', () => {
  const file = join(dir, 'lock.db');
  const event = (id: string) => ({ id, type: 'Noted', data: { n: 1 }, metadata: { actor: { sub: 't', role: 'system' as const }, correlationId: id, causationId: id, recordedAt: new Date(0).toISOString() } });

  it('keeps the event loop free while a commit waits for the write lock', async () => {
    const store = await SqliteEventStore.open({ path: file, writerThread: true });
    const lock = holdWriteLock(file);
    let ticks = 0;
    const ticker = setInterval(() => { ticks += 1; }, 10);
    // Inline, this append would block the thread in busy_timeout and the release below could never run.
    setTimeout(() => lock.release(), 300);
    try {
      const result = await store.append('s-lock', [event(randomUUID())]);
      expect(result.nextRevision).toBe(0);
      expect(ticks).toBeGreaterThanOrEqual(10);
    } finally {
      clearInterval(ticker);
      await store.close();
    }
  });

  it('rejects the appends in flight when the thread dies, and starts a new one for the next', async () => {
    const store = await SqliteEventStore.open({ path: file, writerThread: true });
    const lock = holdWriteLock(file);
    try {
      const inFlight = store.append('s-dies', [event(randomUUID())]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await (store as unknown as { thread: { worker: Worker } }).thread.worker.terminate();
      await expect(inFlight).rejects.toThrow(/writer thread exited/);
      lock.release();
      const after = await store.append('s-dies', [event(randomUUID())], { expectedRevision: 'no-stream' });
      expect(after.events.map((e) => e.revision)).toEqual([0]);
      expect(await store.readStream('s-dies')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe('sqlite subscriptions', () => {
  it('read at once when woken, for commits made on another connection', async () => {
    const file = join(dir, 'wake.db');
    const wake = new Subject<void>();
    const follower = await SqliteEventStore.open({ path: file, pollMs: 60_000, wakeUps: wake });
    const writer = await SqliteEventStore.open({ path: file });
    const seen: string[] = [];
    const subscription = follower.subscribeToAll(0).subscribe((e) => seen.push(e.id));
    try {
      const id = randomUUID();
      await writer.append('s-wake', [{ id, type: 'Noted', data: {}, metadata: { actor: { sub: 't', role: 'system' }, correlationId: id, causationId: id, recordedAt: new Date(0).toISOString() } }]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toEqual([]);
      wake.next();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen).toEqual([id]);
    } finally {
      subscription.unsubscribe();
      await follower.close();
      await writer.close();
    }
  });
});

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
