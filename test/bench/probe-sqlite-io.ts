/*
 * Diagnostic (not part of the run): bytes this process hands to the storage layer per
 * append (/proc/self/io write_bytes: WAL frames, checkpoints), our SQLite store beside
 * the bare table of the ceiling. Deterministic where timings on a shared disk are not.
 *   BATCH=10 node -r ./tools/register.js test/bench/probe-sqlite-io.ts
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@consult/event-store';
import { benchEvents, scratchDir } from './lib/common';

const writtenBytes = () => Number(/write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))![1]);

async function measure(label: string, appends: number, batch: number, append: (i: number) => unknown): Promise<void> {
  const before = writtenBytes();
  const start = Date.now();
  for (let i = 0; i < appends; i += 1) await append(i);
  const kib = (writtenBytes() - before) / appends / 1024;
  console.log(`${label.padEnd(44)} ${kib.toFixed(1).padStart(6)} KiB/append  ${Math.round(appends * batch / ((Date.now() - start) / 1000))} events/s`);
}

async function main(): Promise<void> {
  const dir = scratchDir();
  const batch = Number(process.env.BATCH ?? 10);
  const appends = Number(process.env.APPENDS ?? 2000);
  const streams = Array.from({ length: 1000 }, () => `consultation-${randomUUID()}`);
  try {
    const store = await SqliteEventStore.open({ path: `${dir.path}/ours.db` });
    await measure(`ours (UNIQUE(id), UNIQUE(stream, revision)), ${batch}/append`, appends, batch, (i) => store.append(streams[i % 1000], benchEvents(batch)));
    await store.close();
    const db = new Database(`${dir.path}/bare.db`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (position INTEGER PRIMARY KEY, stream TEXT, revision INTEGER, id TEXT, type TEXT, data TEXT, metadata TEXT, prev_hash TEXT, hash TEXT)');
    const insert = db.prepare('INSERT INTO t (stream, revision, id, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const hash = 'a'.repeat(64);
    const tx = db.transaction((stream: string) => {
      benchEvents(batch).forEach((e, r) => insert.run(stream, r, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), hash, hash));
    });
    await measure(`bare table (the ceiling), ${batch}/append`, appends, batch, (i) => tx.immediate(streams[i % 1000]));
    db.close();
  } finally {
    dir.remove();
  }
}

void main();
