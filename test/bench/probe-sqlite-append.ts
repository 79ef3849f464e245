/*
 * Diagnostic (not part of the run): why do batches of 10 on our SQLite store fall so far
 * below the bare-table ceiling? Same rows, one transaction an append, WAL + FULL,
 * adding the events table's indexes, then a smaller page size; interleaved rounds.
 *   node -r ./tools/register.js test/bench/probe-sqlite-append.ts
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { openEventStore } from '@consult/event-store';
import { benchEvents, scratchDir, timedRate } from './lib/common';

const SECONDS = Number(process.env.SECONDS ?? 2);
const BATCH = Number(process.env.BATCH ?? 10);

function table(path: string, indexed: boolean, pageSize?: number, pragmas: string[] = []) {
  const db = new Database(path);
  if (pageSize) db.pragma(`page_size = ${pageSize}`);
  for (const p of pragmas) db.pragma(p);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE t (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL, id TEXT NOT NULL ${indexed ? 'UNIQUE' : ''},
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, prev_hash TEXT, hash TEXT ${indexed ? ', UNIQUE (stream, revision)' : ''})`);
  const insert = db.prepare('INSERT INTO t (stream, revision, id, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const revs = new Map<string, number>();
  const hash = 'a'.repeat(64);
  const tx = db.transaction((stream: string) => {
    let r = revs.get(stream) ?? -1;
    for (const e of benchEvents(BATCH)) insert.run(stream, ++r, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), hash, hash);
    revs.set(stream, r);
  });
  return { db, append: (stream: string) => tx.immediate(stream) };
}

async function main(): Promise<void> {
  const dir = scratchDir();
  const streams = Array.from({ length: 1000 }, () => `consultation-${randomUUID()}`);
  const store = await openEventStore({ kind: 'sqlite', sqlitePath: `${dir.path}/ours.db` });
  const variants: [string, { append(s: string): unknown; db?: Database.Database }, string][] = [
    ['bare table (the ceiling)', table(`${dir.path}/a.db`, false), `${dir.path}/a.db-wal`],
    ['+ UNIQUE(id), UNIQUE(stream, revision), hash columns', table(`${dir.path}/b.db`, true), `${dir.path}/b.db-wal`],
    ['same indexes, page_size=1024', table(`${dir.path}/c.db`, true, 1024), `${dir.path}/c.db-wal`],
    ['same indexes, page_size=2048', table(`${dir.path}/d.db`, true, 2048), `${dir.path}/d.db-wal`],
    ['same indexes, wal_autocheckpoint=20000', table(`${dir.path}/e.db`, true, undefined, ['wal_autocheckpoint = 20000']), `${dir.path}/e.db-wal`],
    ['bare, wal_autocheckpoint=20000', table(`${dir.path}/f.db`, false, undefined, ['wal_autocheckpoint = 20000']), `${dir.path}/f.db-wal`],
    ['ours: SqliteEventStore.append', { append: (s: string) => store.append(s, benchEvents(BATCH)) }, `${dir.path}/ours.db-wal`],
  ];
  const results = new Map<string, number[]>();
  try {
    for (let round = 0; round < 3; round += 1) {
      for (const [name, v] of variants) results.set(name, [...(results.get(name) ?? []), BATCH * await timedRate(SECONDS, async (i) => v.append(streams[i % 1000]))]);
    }
    for (const [name, v, wal] of variants) {
      const xs = results.get(name)!.sort((a, b) => a - b);
      console.log(`${name.padEnd(56)} ${Math.round(xs[1]).toString().padStart(7)} events/s  (WAL file ${(statSync(wal).size / 2 ** 20).toFixed(1)} MiB)`);
      v.db?.close();
    }
  } finally {
    await store.close();
    dir.remove();
  }
}

void main();
