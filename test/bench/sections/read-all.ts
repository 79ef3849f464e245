import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { BenchConfig, Row, SchemaRegistry, benchEvents, log, scratchDir, seconds } from '../lib/common';
import { System, emmettPostgres, emmettSqlite, oursPostgres, oursSqlite, readPagePg, readPageSqlite } from '../lib/systems';

const PAGE = 1000;
const LOAD_BATCH = 500;

/** Loads `total` events with big appends, `parallel` at a time; returns seconds taken. */
async function load(system: System, total: number, parallel: number): Promise<number> {
  const start = process.hrtime.bigint();
  let next = 0;
  let lastReport = Date.now();
  await Promise.all(Array.from({ length: parallel }, async (_, writer) => {
    while (next < total) {
      const count = Math.min(LOAD_BATCH, total - next);
      next += count;
      await system.append(`consultation-${randomUUID()}`, benchEvents(count), writer);
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        log(`    ... ${system.name}: ${next.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} loaded`);
      }
    }
  }));
  return seconds(start);
}

/** Reads the whole log page by page; returns events/s, the count, and positions skipped over. */
async function readThrough(readPage: (after: number, size: number) => Promise<number[]>, from = 0, budgetS = Infinity) {
  const start = process.hrtime.bigint();
  const until = Date.now() + budgetS * 1000;
  let after = from;
  let count = 0;
  // A rate needs no full pass: a reader slower than the budget is stopped and its rate kept.
  while (Date.now() < until) {
    const page = await readPage(after, PAGE);
    if (page.length === 0) break;
    count += page.length;
    after = page[page.length - 1];
  }
  const elapsed = seconds(start);
  return { rate: count / elapsed, count, last: after };
}

type Reader = { read: (after: number, size: number) => Promise<number[]>; from?: number; budgetS?: number };

/**
 * Each system reads the whole log in alternating passes (order reversed every other
 * round) and keeps its median pass: load on a shared machine drifts, and one pass each
 * would compare different moments, and a cold reader with a warm one. A reader stopped
 * by its time budget keeps its one pass (the rate over what it read).
 */
async function interleaved(readers: Reader[], rounds = 3) {
  const passes: Awaited<ReturnType<typeof readThrough>>[][] = readers.map(() => []);
  const stopped = new Set<number>();
  for (let round = 0; round < rounds; round += 1) {
    const order = readers.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order.filter((k) => !stopped.has(k))) {
      const pass = await readThrough(readers[i].read, readers[i].from, readers[i].budgetS);
      passes[i].push(pass);
      if (readers[i].budgetS !== undefined && pass.count < passes[0][0].count) stopped.add(i);
    }
  }
  return passes.map((p) => [...p].sort((a, b) => a.rate - b.rate)[Math.floor(p.length / 2)]);
}

/**
 * A read-all that follows 8 concurrent writers must see every event they wrote: tail
 * from the current end while they write, then drain; the events read are counted.
 */
async function tailWhileWriting(system: System, writeSeconds: number): Promise<{ written: number; read: number; failed: number }> {
  let after = await system.head();
  let read = 0;
  let written = 0;
  let writing = true;
  const until = Date.now() + writeSeconds * 1000;
  let failed = 0;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    const stream = `consultation-${randomUUID()}`;
    while (Date.now() < until) {
      try {
        await system.append(stream, benchEvents(1), w);
        written += 1;
      } catch {
        // A failed append wrote nothing; it is counted, not read.
        failed += 1;
      }
    }
  });
  const reader = (async () => {
    while (writing) {
      const page = await system.readPage(after, PAGE);
      read += page.length;
      if (page.length > 0) after = page[page.length - 1];
      else await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await Promise.all(writers);
  writing = false;
  await reader;
  await new Promise((r) => setTimeout(r, 200));
  for (;;) {
    const page = await system.readPage(after, PAGE);
    if (page.length === 0) break;
    read += page.length;
    after = page[page.length - 1];
  }
  return { written, read, failed };
}

/** Section 2: read-all over a store of `config.readAllEvents` events. */
export async function readAllSection(config: BenchConfig, schemas: SchemaRegistry): Promise<Row[]> {
  const rows: Row[] = [];
  const failures: string[] = [];
  const dir = scratchDir();
  const total = config.readAllEvents;
  try {
    for (const backend of ['sqlite', 'postgres'] as const) {
      try {
        log(`\n[2] read-all on ${backend}: loading ${total.toLocaleString('en-US')} events into each store`);
        const ours = backend === 'sqlite' ? await oursSqlite(dir.path, 'read.db') : await oursPostgres(config.databaseUrl, schemas);
        const emmett = backend === 'sqlite' ? await emmettSqlite(dir.path) : await emmettPostgres(config.databaseUrl, schemas);
        const rawClient = backend === 'postgres' ? new Client({ connectionString: config.databaseUrl }) : undefined;
        let rawDb: Database.Database | undefined;
        try {
          const loadOurs = await load(ours, total, 4);
          log(`  ours loaded in ${loadOurs.toFixed(1)} s (${Math.round(total / loadOurs)} events/s, appends of ${LOAD_BATCH}, 4 at a time)`);
          let loadEmmett: number | undefined;
          if (emmett) {
            loadEmmett = await load(emmett, total, backend === 'sqlite' ? 1 : 4);
            log(`  Emmett loaded in ${loadEmmett.toFixed(1)} s (${Math.round(total / loadEmmett)} events/s)`);
          }
          let rawPage: (after: number, size: number) => Promise<number[]>;
          if (backend === 'sqlite') {
            rawDb = new Database((ours as { path: string }).path, { readonly: true });
            rawPage = async (a, s) => readPageSqlite(rawDb!, 'events', a, s);
          } else {
            await rawClient!.connect();
            rawPage = (a, s) => readPagePg(rawClient!, `"${(ours as { schema: string }).schema}".events`, a, s);
          }
          const budget = config.quick ? 20 : 90;
          const readers: Reader[] = [{ read: (a, s) => ours.readPage(a, s) }, { read: rawPage }];
          if (emmett) readers.push({ read: (a, s) => emmett.readPage(a, s), from: 1, budgetS: budget });
          const [oursRead, rawRead, emmettRead] = await interleaved(readers);
        const emmettStopped = emmettRead !== undefined && emmettRead.count < total;
          log(`  read-all: ours ${Math.round(oursRead.rate)} ev/s (${oursRead.count}), raw ${Math.round(rawRead.rate)} ev/s, Emmett ${emmettRead ? Math.round(emmettRead.rate) : '—'} ev/s (${emmettRead?.count ?? '—'})`);
          const tailSeconds = config.quick ? 1 : 5;
          const oursTail = await tailWhileWriting(ours, tailSeconds);
          const emmettTail = emmett ? await tailWhileWriting(emmett, tailSeconds) : undefined;
          log(`  read-all beside 8 writers: ours read ${oursTail.read} of ${oursTail.written}; Emmett read ${emmettTail?.read ?? '—'} of ${emmettTail?.written ?? '—'} (${emmettTail?.failed ?? 0} appends failed)`);
          const met = (oursRead.rate >= 0.7 * rawRead.rate) && (!emmettRead || oursRead.rate >= 3 * emmettRead.rate)
            && oursRead.count === total && oursTail.read === oursTail.written;
          rows.push({
            section: '2 read all', test: `${total.toLocaleString('en-US')} events, pages of ${PAGE}`, backend, unit: 'events/s',
            ours: oursRead.rate, emmett: emmettRead?.rate ?? null, ceiling: rawRead.rate,
            ceilingLabel: backend === 'sqlite' ? 'better-sqlite3 SELECT + JSON.parse on the same table' : 'pg SELECT (json parsed by the driver) on the same table',
            durability: backend === 'sqlite' ? `ours: ${ours.durability}; Emmett: ${emmett?.durability ?? '—'}` : 'synchronous_commit=on',
            target: '≥70% ceiling, ≥3× Emmett, no event skipped', met,
            note: `${emmettStopped ? `Emmett's read-all was stopped after ${budget} s at ${emmettRead!.count} events (rate over those); ` : ''}load: ours ${loadOurs.toFixed(1)} s, Emmett ${loadEmmett?.toFixed(1) ?? '—'} s; beside 8 writers for ${tailSeconds} s: ours read ${oursTail.read}/${oursTail.written}, Emmett read ${emmettTail?.read ?? '—'}/${emmettTail?.written ?? '—'}; read counts ours ${oursRead.count}, Emmett ${emmettRead?.count ?? '—'} of ${total}`,
            extra: { loadSeconds: { ours: loadOurs, emmett: loadEmmett }, counts: { ours: oursRead.count, emmett: emmettRead?.count, raw: rawRead.count }, tail: { ours: oursTail, emmett: emmettTail } },
          });
        } finally {
          rawDb?.close();
          await rawClient?.end().catch(() => undefined);
          await ours.close().catch(() => undefined);
          await emmett?.close().catch(() => undefined);
        }
      } catch (error) {
        log(`  ${backend} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        failures.push(`${backend}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    dir.remove();
  }
  return rows;
}
