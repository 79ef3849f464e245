import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { AnyMachineSnapshot } from 'xstate';
import { ManualClock } from '@consult/clock';
import { ConsultationCache, ConsultationsService, consultationReplayer, dueConsultationsIn } from '@consult/consultation';
import { DeadlineScheduler } from '@consult/deadlines';
import { EventStore, StoredEvent, openEventStore } from '@consult/event-store';
import { PROJECTIONS, Projection, Projector, openReadModels } from '@consult/projections';
import type { DataSource } from 'typeorm';
import { LaunchData, WorkflowDefinition, applyEvent, findWorkflow, launchSnapshot } from '@consult/workflows';
import { BenchConfig, Row, SchemaRegistry, log, scratchDir, seconds } from '../lib/common';
import { withClient } from '../../../libs/event-store/src/adapters/postgres.test-database';
import { openConsultation } from '../lib/consultations';
import { readPagePg, readPageSqlite } from '../lib/systems';

const LAUNCHED_AT = '2030-01-06T09:00:00.000Z';
const DUE_AT = '2030-03-01T12:00:00.000Z';
const FAR = '2031-12-31T12:00:00.000Z';
const PAGE = 1000;

/** Appends `count` open consultations (3 events each), many appends in flight so they share commits. */
export async function seed(store: EventStore, count: number, due: number): Promise<number> {
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (next < count) {
      const i = next++;
      // The due ones are spread through the store, as they would be.
      const closesAt = i % Math.floor(count / due) === 0 && i / Math.floor(count / due) < due ? DUE_AT : FAR;
      const history = openConsultation(LAUNCHED_AT, closesAt);
      await store.append(history.stream, history.events, { expectedRevision: 'no-stream' });
    }
  }));
  return seconds(start);
}

/**
 * Every event through its consultation's machine, as verification and rebuilds do. The
 * time spent reading pages and folding them is also kept apart, to show which one a miss
 * comes from.
 */
async function replayAll(store: EventStore): Promise<{ rate: number; count: number; readRate: number; foldRate: number }> {
  const start = process.hrtime.bigint();
  const machines = new Map<string, { definition: WorkflowDefinition; snapshot: AnyMachineSnapshot }>();
  let count = 0;
  let foldS = 0;
  for (let after = 0; ;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) break;
    const foldStart = process.hrtime.bigint();
    for (const event of page) step(machines, event);
    foldS += seconds(foldStart);
    count += page.length;
    after = page[page.length - 1].position;
  }
  const totalS = seconds(start);
  return { rate: count / totalS, count, readRate: count / (totalS - foldS), foldRate: count / foldS };
}

function step(machines: Map<string, { definition: WorkflowDefinition; snapshot: AnyMachineSnapshot }>, event: StoredEvent): void {
  if (event.revision === 0) {
    const launch = event.data as unknown as LaunchData;
    const definition = findWorkflow(launch.workflow, launch.version);
    machines.set(event.stream, { definition, snapshot: launchSnapshot(definition, launch) });
    return;
  }
  const m = machines.get(event.stream)!;
  const next = applyEvent(m.definition, m.snapshot, event);
  if (!next.accepted) throw new Error(`replay refused ${event.type} at ${event.stream}@${event.revision}`);
  m.snapshot = next.snapshot;
}

/** Raw ceiling of the same read on PostgreSQL: SELECT of our events table, node-postgres parsing the json columns. */
async function rawReadPg(url: string, schema: string): Promise<number> {
  return withClient(url, async (client) => {
    const start = process.hrtime.bigint();
    let count = 0;
    for (let after = 0; ;) {
      const page = await readPagePg(client, `"${schema}".events`, after, PAGE);
      if (page.length === 0) break;
      count += page.length;
      after = page[page.length - 1];
    }
    return count / seconds(start);
  });
}

/** Raw ceiling of the same read: SELECT + JSON.parse on the same file. */
export function rawRead(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const start = process.hrtime.bigint();
    let count = 0;
    for (let after = 0; ;) {
      const page = readPageSqlite(db, 'events', after, PAGE);
      if (page.length === 0) break;
      count += page.length;
      after = page[page.length - 1];
    }
    return count / seconds(start);
  } finally {
    db.close();
  }
}

/** Folds every event into `projections`' emptied read models, as `consult projections rebuild` does; events/s. */
async function rebuild(store: EventStore, db: DataSource, projections: readonly Projection[] = PROJECTIONS): Promise<number> {
  const projector = new Projector(store, db, consultationReplayer(store), undefined, 1000, projections);
  await projector.reset();
  const head = await store.headPosition();
  const start = process.hrtime.bigint();
  await projector.start();
  try {
    await projector.waitFor(head, 30 * 60_000);
  } finally {
    projector.stop();
  }
  return head / seconds(start);
}

const REBUILD_DURABILITY = 'events: WAL, synchronous=FULL; read models: synchronous=NORMAL, the setting of `consult projections rebuild` alone (the engine runs them FULL)';

/** The rebuild of every registered projection, then of each alone (which reads every event again), on `backend`. */
async function rebuildRow(backend: 'sqlite' | 'postgres', store: EventStore, db: DataSource, raw: number, ceilingLabel: string, alone: boolean): Promise<Row> {
  const count = await store.headPosition();
  const rate = await rebuild(store, db);
  const each: string[] = [];
  for (const projection of alone ? PROJECTIONS : []) each.push(`${projection.name} ${Math.round(await rebuild(store, db, [projection]))}`);
  log(`  projection rebuild (${PROJECTIONS.length} projections) on ${backend}: ${Math.round(rate)} events/s, ${(rate / raw).toFixed(2)}× the ceiling (${Math.round(raw)} events/s)`);
  if (each.length > 0) log(`    each alone, events/s: ${each.join(', ')}`);
  return {
    section: '3 projection rebuild', test: `${count.toLocaleString('en-US')} events into the ${PROJECTIONS.length} registered read models from position 0`,
    backend, unit: 'events/s', ours: rate, emmett: null, ceiling: raw, ceilingLabel,
    durability: backend === 'sqlite' ? REBUILD_DURABILITY : 'synchronous_commit=on',
    target: '≥0.5× ceiling', met: rate >= 0.5 * raw,
    note: `projections: ${PROJECTIONS.map((p) => p.name).join(', ')}` + (each.length > 0 ? `; each rebuilt alone (events/s): ${each.join(', ')}` : ''),
  };
}

/** Section 3's rebuild on PostgreSQL: the same consultations seeded there, rebuilt into read models in the same schema. */
async function rebuildOnPostgres(config: BenchConfig, schemas: SchemaRegistry, n: number): Promise<Row> {
  const schema = schemas.reserve('bench_rebuild');
  const store = await openEventStore({ kind: 'postgres', sqlitePath: '', databaseUrl: config.databaseUrl, databaseSchema: schema });
  const db = await openReadModels({ databaseUrl: config.databaseUrl, schema, sqlitePath: ':memory:' });
  try {
    log(`\n[3] seeding the same ${n.toLocaleString('en-US')} consultations on PostgreSQL`);
    log(`  seeded in ${(await seed(store, n, 1)).toFixed(1)} s`);
    const raw = await rawReadPg(config.databaseUrl, schema);
    return await rebuildRow('postgres', store, db, raw, 'node-postgres SELECT of our events table (json parsed), same schema', false);
  } finally {
    await store.close().catch(() => undefined);
    if (db.isInitialized) await db.destroy();
    await schemas.drop(schema).catch(() => undefined);
  }
}

/** Section 6 on the store of section 3: `due` of its consultations fall due at once; read models synchronous=FULL again. */
async function sweepRow(store: EventStore, path: string, n: number, due: number): Promise<Row> {
  const clock = new ManualClock(new Date(LAUNCHED_AT));
  const db = await openReadModels({ sqlitePath: path });
  const projector = new Projector(store, db, consultationReplayer(store));
  try {
    await projector.start();
    const consultations = new ConsultationsService(store, clock, new ConsultationCache(store));
    const scheduler = new DeadlineScheduler(clock, consultations, dueConsultationsIn(db), projector);
    log(`\n[6] deadline sweep: ${n.toLocaleString('en-US')} pending, ${due} falling due at ${DUE_AT}`);
    clock.set(new Date(DUE_AT));
    const sweepStart = process.hrtime.bigint();
    const fired = await scheduler.runDue();
    const sweepMs = seconds(sweepStart) * 1000;
    const again = await scheduler.runDue();
    const check = new Database(path, { readonly: true });
    const closed = check.prepare("SELECT count(*) AS n, count(DISTINCT stream) AS streams FROM events WHERE type = 'ConsultationClosed'").get() as { n: number; streams: number };
    check.close();
    const once = fired.length === due && closed.n === due && closed.streams === due && again.length === 0;
    log(`  fired ${fired.length} in ${sweepMs.toFixed(0)} ms; stored ConsultationClosed ${closed.n} in ${closed.streams} streams; second sweep fired ${again.length}`);
    return {
      section: '6 deadline sweep', test: `${n.toLocaleString('en-US')} pending, ${due} due at once: time until all fired (runDue)`,
      backend: 'sqlite', unit: 'ms', ours: sweepMs, higherIsBetter: false, durability: 'journal_mode=WAL, synchronous=FULL',
      target: '≤1000 ms, each once', met: sweepMs <= 1000 && once,
      note: `fired ${fired.length}, stored ${closed.n} in ${closed.streams} streams, second sweep fired ${again.length}; the api's system clock sweeps every 1 s, which adds up to 1 s before runDue starts`,
      extra: { fired: fired.length, stored: closed, secondSweep: again.length },
    };
  } finally {
    projector.stop();
    await db.destroy();
  }
}

/** The replay rows: through the machines, and the machines' time alone. */
function replayRows(replay: Awaited<ReturnType<typeof replayAll>>, raw: number, n: number, seedS: number): Row[] {
  const ceilingLabel = 'better-sqlite3 SELECT + JSON.parse, same file';
  // Seconds per event left for the machines if the replay is to reach 70 % of the ceiling.
  const foldBudget = 1 / (0.7 * raw) - 1 / replay.readRate;
  return [{
    section: '3 replay', test: `${replay.count.toLocaleString('en-US')} events of ${n.toLocaleString('en-US')} consultations through the workflow machines`,
    backend: 'sqlite', unit: 'events/s', ours: replay.rate, emmett: null, ceiling: raw, ceilingLabel, durability: 'journal_mode=WAL, synchronous=FULL',
    target: '≥70% ceiling', met: replay.rate >= 0.7 * raw,
    note: `Emmett has no workflow machine replay to compare; store seeded in ${seedS.toFixed(1)} s through our appends (64 in flight)`,
  }, {
    section: '3 replay breakdown', test: 'the same replay, the machines\' time alone (launch and every transition, reads excluded)',
    backend: 'sqlite', unit: 'events/s', ours: replay.foldRate, emmett: null, ceiling: raw, ceilingLabel, durability: 'journal_mode=WAL, synchronous=FULL',
    note: `reading the pages through store.readAll alone ran at ${Math.round(replay.readRate)} events/s (${(replay.readRate / raw).toFixed(2)}× the ceiling); ` +
      'the replay costs the sum of both times, so with that read 70 % of the ceiling ' +
      (foldBudget > 0 ? `needs the machines at ${Math.round(1 / foldBudget)} events/s` : 'is out of reach whatever the machines cost'),
  }];
}

/**
 * Sections 3 and 6 on one store of `pendingDeadlines` open consultations (SQLite):
 * replay through the machines, projection rebuild (also on PostgreSQL), then the deadline
 * sweep with `dueAtOnce` of them falling due at the same instant.
 */
export async function replaySection(config: BenchConfig, schemas: SchemaRegistry): Promise<Row[]> {
  const dir = scratchDir();
  const path = join(dir.path, 'consult.db');
  const n = config.pendingDeadlines;
  const store = await openEventStore({ kind: 'sqlite', sqlitePath: path });
  const rows: Row[] = [];
  try {
    log(`\n[3] seeding ${n.toLocaleString('en-US')} open consultations (${(3 * n).toLocaleString('en-US')} events) on SQLite`);
    const seedS = await seed(store, n, config.dueAtOnce);
    log(`  seeded in ${seedS.toFixed(1)} s (${Math.round(3 * n / seedS)} events/s)`);
    const replay = await replayAll(store);
    const raw = rawRead(path);
    log(`  replay through the machines: ${Math.round(replay.rate)} events/s; raw SELECT + JSON.parse: ${Math.round(raw)} events/s`);
    log(`    of which reading (store.readAll) ${Math.round(replay.readRate)} events/s, the machines alone ${Math.round(replay.foldRate)} events/s`);
    rows.push(...replayRows(replay, raw, n, seedS));
    // The rebuild's setting (`consult projections rebuild`); the sweep opens them again as the engine does.
    const db = await openReadModels({ sqlitePath: path }, { synchronous: 'NORMAL' });
    try {
      rows.push(await rebuildRow('sqlite', store, db, raw, 'better-sqlite3 SELECT + JSON.parse, same file', true));
    } finally {
      await db.destroy();
    }
    rows.push(await sweepRow(store, path, n, config.dueAtOnce));
  } finally {
    await store.close().catch(() => undefined);
    dir.remove();
  }
  rows.push(await rebuildOnPostgres(config, schemas, n));
  return rows;
}
