/*
 * Profiling aid (not part of the run). `WHAT=rebuild` seeds N open consultations into SQLite
 * once, then times the raw read ceiling and the projection rebuild ROUNDS times each, by the
 * wall clock and by this process's CPU time (steadier on a shared machine); `ONLY=a,b` rebuilds
 * those projections alone. Otherwise it runs
 * section 3 (`WHAT=replay`) or 5 (`WHAT=state`). Under a profiler:
 * `WHAT=rebuild node --cpu-prof --cpu-prof-dir=/tmp/prof -r ./tools/register.js test/bench/profile-replay.ts`,
 * or `PROFILE=<file>.cpuprofile` to profile the rebuild rounds alone (not the seeding or the loading).
 * `WHAT=floor` rebuilds once, then inserts the rows it left into the emptied tables again with one
 * prepared statement a table, nothing folded: the least the rows cost, beside the ceiling's read.
 * `WHAT=narrowest` does the same with the narrowest read models conceivable: each table's rows
 * gathered into one JSON document per consultation (one row a consultation a projection, its primary
 * key the only index), the documents built outside the timing. What it shows: whether writing
 * even those rows, with nothing read or folded, fits in the time a rebuild at 0.5x the ceiling has.
 */
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { consultationReplayer } from '@consult/consultation';
import { openEventStore } from '@consult/event-store';
import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { PROJECTIONS, Projector, openReadModels, readModelPath } from '@consult/projections';
import { SchemaRegistry, scratchDir } from './lib/common';
import { rawRead, replaySection, seed } from './sections/replay';
import { stateAtSection } from './sections/state-at';

/** Wall and CPU seconds `work` took, and the seconds of garbage collection in them. */
async function timed(work: () => unknown): Promise<{ wall: number; cpu: number; gc: number }> {
  let gc = 0;
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((entry) => { gc += entry.duration / 1000; }));
  observer.observe({ entryTypes: ['gc'] });
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  await new Promise((resolve) => setImmediate(resolve));
  observer.disconnect();
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (used.user + used.system) / 1e6, gc };
}

/** Profiles `work` into PROFILE's file when set (the rebuild rounds alone), else just runs it. */
async function profiled(work: () => Promise<void>): Promise<void> {
  const file = process.env.PROFILE;
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

async function rebuildRounds(consultations: number, rounds: number, only?: string[]): Promise<void> {
  const projections = PROJECTIONS.filter((p) => !only || only.includes(p.name));
  const dir = scratchDir();
  const path = join(dir.path, 'consult.db');
  const store = await openEventStore({ kind: 'sqlite', sqlitePath: path });
  const db = await openReadModels({ sqlitePath: path }, { synchronous: process.env.SYNC === 'FULL' ? 'FULL' : 'NORMAL' });
  try {
    await seed(store, consultations, 1);
    const events = await store.headPosition();
    let best = { raw: Infinity, rebuild: Infinity, wallRatio: 0 };
    await profiled(async () => { for (let round = 0; round < rounds; round += 1) {
      const raw = await timed(() => rawRead(path));
      const projector = new Projector(store, db, consultationReplayer(store), undefined, 1000, projections);
      await projector.reset();
      const rebuild = await timed(async () => {
        await projector.start();
        await projector.waitFor(events, 600_000);
      });
      projector.stop();
      best = { raw: Math.min(best.raw, raw.cpu), rebuild: Math.min(best.rebuild, rebuild.cpu), wallRatio: Math.max(best.wallRatio, raw.wall / rebuild.wall) };
      const rate = (t: { wall: number; cpu: number; gc: number }, of: 'wall' | 'cpu') => Math.round(events / t[of]);
      console.log(`rebuild ${rate(rebuild, 'wall')}/s wall (gc ${(100 * rebuild.gc / rebuild.wall).toFixed(0)} %), ` +
        `cpu ${rate(rebuild, 'cpu')}/s, raw cpu ${rate(raw, 'cpu')}/s: ${(raw.cpu / rebuild.cpu).toFixed(2)}× by CPU, ${(raw.wall / rebuild.wall).toFixed(2)}× by wall`);
    } });
    console.log(`best of ${rounds} by CPU: rebuild ${Math.round(events / best.rebuild)}/s, raw ${Math.round(events / best.raw)}/s: ${(best.raw / best.rebuild).toFixed(2)}×; ` +
      `best round by wall ${best.wallRatio.toFixed(2)}×`);
  } finally {
    await store.close();
    await db.destroy();
    dir.remove();
  }
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** A scratch store of `consultations` seeded and rebuilt once (every projection), for the floor probes; removed after `work`. */
async function withRebuiltStore(consultations: number, work: (rebuilt: { path: string; events: number; db: DataSource }) => void): Promise<void> {
  const dir = scratchDir();
  const path = join(dir.path, 'consult.db');
  const store = await openEventStore({ kind: 'sqlite', sqlitePath: path });
  const db = await openReadModels({ sqlitePath: path }, { synchronous: 'NORMAL' });
  try {
    await seed(store, consultations, 1);
    const events = await store.headPosition();
    const projector = new Projector(store, db, consultationReplayer(store));
    await projector.reset();
    await projector.start();
    await projector.waitFor(events, 600_000);
    projector.stop();
    work({ path, events, db });
  } finally {
    await store.close();
    await db.destroy();
    dir.remove();
  }
}

/** Inserts the rebuilt rows of every projection's tables again, ROUNDS times, by the CPU, beside the raw read. */
async function insertFloor(consultations: number, rounds: number): Promise<void> {
  await withRebuiltStore(consultations, ({ path, db }) => {
    const tables = PROJECTIONS.flatMap((p) => p.tables).map((table) => db.getMetadata(table).tableName);
    const rm = new Database(readModelPath(path));
    const rows = new Map(tables.map((t) => [t, rm.prepare(`SELECT * FROM "${t}"`).raw(true).all() as unknown[][]]));
    console.log(`rows: ${tables.map((t) => `${t} ${rows.get(t)!.length}`).join(', ')}`);
    for (let round = 0; round < rounds; round += 1) {
      for (const t of tables) rm.prepare(`DELETE FROM "${t}"`).run();
      const start = process.cpuUsage();
      rm.transaction(() => {
        for (const [t, list] of rows) {
          if (list.length === 0) continue;
          const insert = rm.prepare(`INSERT INTO "${t}" VALUES (${list[0].map(() => '?').join(', ')})`);
          for (const row of list) insert.run(row);
        }
      })();
      const insertMs = cpuMs(start);
      const read = process.cpuUsage();
      rawRead(path);
      console.log(`insert ${insertMs.toFixed(0)} ms of CPU, the ceiling's read ${cpuMs(read).toFixed(0)} ms`);
    }
    rm.close();
  });
}

/** The rebuilt rows gathered into one JSON document per consultation and projection, inserted ROUNDS times, by the CPU, beside the raw read. */
async function insertNarrowest(consultations: number, rounds: number): Promise<void> {
  await withRebuiltStore(consultations, ({ path, events, db }) => {
    const rm = new Database(readModelPath(path));
    // One document per consultation and projection, all its tables' rows in it.
    const documents = new Map<string, [string, string][]>();
    for (const projection of PROJECTIONS) {
      const byKey = new Map<string, Record<string, unknown[]>>();
      for (const table of projection.tables) {
        const t = db.getMetadata(table).tableName;
        for (const row of rm.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]) {
          const k = String(row[['consultationId', 'streamId', 'id'].find((c) => c in row)!]);
          const doc = byKey.get(k) ?? {};
          // The values alone, without the column names: as compact as a document of them gets.
          (doc[t] ??= []).push(Object.values(row));
          byKey.set(k, doc);
        }
      }
      documents.set(projection.name, [...byKey].map(([k, doc]) => [k, JSON.stringify(doc)]));
      rm.exec(`CREATE TABLE "narrow_${projection.name.replace(/-/g, '_')}" ("key" TEXT PRIMARY KEY, "doc" TEXT NOT NULL)`);
    }
    const count = [...documents.values()].reduce((sum, list) => sum + list.length, 0);
    const bytes = [...documents.values()].reduce((sum, list) => sum + list.reduce((n, [, doc]) => n + doc.length, 0), 0);
    console.log(`${events} events; documents: ${[...documents].map(([t, list]) => `${t} ${list.length}`).join(', ')} (${count} rows, ${(bytes / 1e6).toFixed(1)} MB)`);
    for (let round = 0; round < rounds; round += 1) {
      for (const t of documents.keys()) rm.prepare(`DELETE FROM "narrow_${t.replace(/-/g, '_')}"`).run();
      const start = process.cpuUsage();
      rm.transaction(() => {
        for (const [t, list] of documents) {
          const insert = rm.prepare(`INSERT INTO "narrow_${t.replace(/-/g, '_')}" VALUES (?, ?)`);
          for (const row of list) insert.run(row);
        }
      })();
      const insertMs = cpuMs(start);
      const read = process.cpuUsage();
      rawRead(path);
      const readMs = cpuMs(read);
      console.log(`insert ${insertMs.toFixed(0)} ms of CPU, the ceiling's read ${readMs.toFixed(0)} ms: ` +
        `read + insert alone would be ${(readMs / (readMs + insertMs)).toFixed(2)}x the ceiling`);
    }
    rm.close();
  });
}

async function main(): Promise<void> {
  const what = process.env.WHAT ?? 'replay';
  const n = Number(process.env.N ?? 10_000);
  if (what === 'floor') return insertFloor(n, Number(process.env.ROUNDS ?? 3));
  if (what === 'narrowest') return insertNarrowest(n, Number(process.env.ROUNDS ?? 3));
  if (what === 'rebuild') return rebuildRounds(n, Number(process.env.ROUNDS ?? 3), process.env.ONLY ? process.env.ONLY.split(',') : undefined);
  const config = {
    quick: true, appendSeconds: 1, readAllEvents: 0, httpSeconds: 1, httpRates: [], httpPool: 0, pendingDeadlines: n,
    dueAtOnce: 1000, stateAtEvents: 10_000, stateAtSamples: 50, databaseUrl: process.env.CONSULT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
  const schemas = new SchemaRegistry(config.databaseUrl);
  try {
    const rows = what === 'state' ? await stateAtSection(config, schemas) : await replaySection(config, schemas);
    for (const r of rows) console.log(r.section, r.backend, Math.round(r.ours ?? 0), r.unit);
  } finally {
    await schemas.dropAll();
  }
}

void main();
