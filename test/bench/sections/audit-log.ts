import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  Checkpointer, MerkleLog, MerkleLogFollower, TypeormCheckpointStore, TypeormMerkleNodeStore, openAuditLogDatabase, originFor,
} from '@consult/audit';
import { EventStore, openEventStore } from '@consult/event-store';
// Not exported by @consult/audit: the api builds it in its module; the bench opens it as the module does.
import { MerkleTreeThread, storeGrower } from '@consult/audit';
import { BenchConfig, Row, SchemaRegistry, benchEvents, concurrentRate, log, scratchDir, seconds, timedRate } from '../lib/common';
import { medianInterval } from '../lib/stats';
import { proofRows, treeDurability } from './audit-proofs';

type Backend = 'sqlite' | 'postgres';

/** One appender: a store opened as the api opens it, with or without the tree's follower beside it. */
interface Rig {
  store: EventStore;
  /** What the tree's connection commits with (tree rig only). */
  durability?: string;
  follower?: MerkleLogFollower;
  /** The follower's first failure (it would retry in the api; here it fails the pass). */
  failure?: unknown;
  close(): Promise<void>;
}

interface Case {
  test: string;
  run(store: EventStore, streams: string[], seconds: number): Promise<number>;
}

const STREAMS = 1000;
const WRITERS = 8;
const CASES: Case[] = [
  { test: '1 writer, 1 event/append', run: (s, streams, d) => timedRate(d, (i) => s.append(streams[i % STREAMS], benchEvents(1))) },
  { test: '1 writer, batches of 10', run: async (s, streams, d) => 10 * await timedRate(d, (i) => s.append(streams[i % STREAMS], benchEvents(10))) },
  {
    test: '8 writers, 1 event/append',
    run: (s, streams, d) => concurrentRate(WRITERS, d, (w, i) => s.append(streams[(w * STREAMS) / WRITERS + (i % (STREAMS / WRITERS))], benchEvents(1))),
  },
];

/** The store (SQLite commits in a writer thread, as the api's do) and, for `tree`, the follower and checkpointer the api runs. */
async function openRig(backend: Backend, tree: boolean, dir: string, config: BenchConfig, schemas: SchemaRegistry): Promise<Rig> {
  const sqlitePath = join(dir, `${tree ? 'tree' : 'plain'}.db`);
  const schema = backend === 'postgres' ? schemas.reserve(tree ? 'bench_audit_tree' : 'bench_audit_plain') : undefined;
  const store = await openEventStore(backend === 'sqlite'
    ? { kind: 'sqlite', sqlitePath, sqliteWriterThread: true }
    : { kind: 'postgres', sqlitePath: '', databaseUrl: config.databaseUrl, databaseSchema: schema });
  if (!tree) return { store, close: () => store.close() };
  const db = await openAuditLogDatabase({ sqlitePath, databaseUrl: backend === 'postgres' ? config.databaseUrl : undefined, schema });
  const merkle = new MerkleLog(new TypeormMerkleNodeStore(db));
  const checkpointer = new Checkpointer(merkle, new TypeormCheckpointStore(db), generateKeyPairSync('ed25519').privateKey,
    originFor('http://localhost:3000'), { every: 1000, minutes: 10 });
  const rig: Rig = { store, durability: await treeDurability(db), close: async () => undefined };
  // The tree grown on its own thread with its own connections, as the api's module does for SQLite and PostgreSQL.
  const grower = new MerkleTreeThread({
    store: backend === 'sqlite' ? { kind: 'sqlite', sqlitePath } : { kind: 'postgres', sqlitePath: '', databaseUrl: config.databaseUrl, databaseSchema: schema },
    audit: { sqlitePath, databaseUrl: backend === 'postgres' ? config.databaseUrl : undefined, schema },
  }, storeGrower(store, merkle), (error) => { rig.failure ??= error; });
  const follower = new MerkleLogFollower(store, merkle, (size) => checkpointer.treeGrew(size), (error) => { rig.failure ??= error; }, undefined, grower);
  await checkpointer.start();
  // The passes measured are the thread's: until it has started, they would run on this thread.
  await grower.started();
  await follower.start();
  rig.follower = follower;
  rig.close = async () => {
    await follower.stop();
    checkpointer.stop();
    await store.close();
    await db.destroy();
  };
  return rig;
}

interface Pass {
  rate: number;
  /** Events/s from the first append until the tree covered the last one. */
  coveredRate?: number;
  lagEvents?: number;
  catchUpMs?: number;
}

/** One timed pass; with a follower, then waits until the stored tree covers every event appended. */
async function runPass(rig: Rig, c: Case, streams: string[], durationS: number): Promise<Pass> {
  const before = await rig.store.headPosition();
  const started = process.hrtime.bigint();
  const rate = await c.run(rig.store, streams, durationS);
  if (!rig.follower) return { rate };
  const appendedS = seconds(started);
  const head = await rig.store.headPosition();
  const lagEvents = head - rig.follower.size;
  const waited = process.hrtime.bigint();
  const covered = await rig.follower.waitFor(head, 60_000);
  if (rig.failure) throw rig.failure;
  if (covered < head) throw new Error(`the tree covered ${covered} of ${head} events 60 s after the appends ended`);
  const catchUpS = seconds(waited);
  return { rate, lagEvents, catchUpMs: catchUpS * 1000, coveredRate: (head - before) / (appendedS + catchUpS) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Alternating passes (order swapped each round), medians kept, as the append section does. */
async function measureCase(c: Case, rigs: { tree: Rig; plain: Rig }, durationS: number, rounds: number) {
  const passes = { tree: [] as Pass[], plain: [] as Pass[] };
  const streams = { tree: fresh(), plain: fresh() };
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? (['tree', 'plain'] as const) : (['plain', 'tree'] as const);
    for (const key of order) passes[key].push(await runPass(rigs[key], c, streams[key], durationS));
  }
  const tree = passes.tree;
  // Each round's pair (with ÷ without, the two passes back to back): the spread a single pass has.
  const pairs = tree.map((p, i) => p.rate / passes.plain[i].rate);
  return {
    pairs,
    withTree: median(tree.map((p) => p.rate)),
    without: median(passes.plain.map((p) => p.rate)),
    covered: median(tree.map((p) => p.coveredRate!)),
    lag: { medianEvents: median(tree.map((p) => p.lagEvents!)), maxEvents: Math.max(...tree.map((p) => p.lagEvents!)),
      medianMs: median(tree.map((p) => p.catchUpMs!)), maxMs: Math.max(...tree.map((p) => p.catchUpMs!)) },
  };
}

/**
 * Probing one case on a shared machine: CONSULT_BENCH_AUDIT=postgres,8 runs only the backends and
 * cases named (a case by the start of its name, e.g. `8` or `1 writer, batches`), without the proofs;
 * CONSULT_BENCH_AUDIT_PASSES=rounds,seconds sets the passes. Unset, the section runs in full.
 */
function probeFilter(): { backends?: string[]; cases?: string[]; passes?: [number, number] } {
  const asked = process.env.CONSULT_BENCH_AUDIT?.split(',').map((part) => part.trim()).filter(Boolean);
  const passes = process.env.CONSULT_BENCH_AUDIT_PASSES?.split(',').map(Number);
  return {
    backends: asked?.filter((part) => part === 'sqlite' || part === 'postgres'),
    cases: asked?.filter((part) => part !== 'sqlite' && part !== 'postgres'),
    passes: passes?.length === 2 && passes.every((n) => n > 0) ? [passes[0], passes[1]] : undefined,
  };
}

/** "median of the rounds' ratios 0.99× (95 % interval 0.96-1.02×, 20 rounds)". */
function roundsText(pairs: number[]): string {
  const { median: mid, low, high } = medianInterval(pairs);
  const interval = low === undefined ? 'too few rounds for a 95 % interval' : `95 % interval ${low.toFixed(2)}-${high!.toFixed(2)}×`;
  return `median of the rounds' ratios ${mid.toFixed(2)}× (${interval}, ${pairs.length} rounds)`;
}

const fresh = () => Array.from({ length: STREAMS }, () => `consultation-${randomUUID()}`);

function appendRows(backend: Backend, c: Case, m: Awaited<ReturnType<typeof measureCase>>, passS: number, rounds: number, tree: string): Row[] {
  const durability = backend === 'sqlite'
    ? `events: journal_mode=WAL, synchronous=FULL (set by the adapter; commits in a writer thread, as in the api); tree: ${tree}`
    : `events: synchronous_commit=on; tree: ${tree}`;
  const lag = `tree behind at the end of a pass: median ${m.lag.medianEvents} events (max ${m.lag.maxEvents}), covered every event ${m.lag.medianMs.toFixed(0)} ms later (max ${m.lag.maxMs.toFixed(0)} ms)`;
  const base = { section: '7 audit log', backend, unit: 'events/s', ceiling: m.without, ceilingLabel: 'the same appends, no follower', durability };
  return [
    { ...base, test: `${c.test}: appends with the tree maintained`, ours: m.withTree, target: '≥0.95× without the tree', met: m.withTree >= 0.95 * m.without,
      note: `medians of ${rounds} alternating passes of ${passS} s; each round's passes back to back: ${roundsText(m.pairs)}; follower + checkpointer (every 1,000 events) in the appender's process, as in the api; ${lag}`,
      extra: { ...m } },
    { ...base, test: `${c.test}: until the tree covers every event`, ours: m.covered, target: '≥0.95× without the tree (catch-up counted)', met: m.covered >= 0.95 * m.without,
      note: `events appended in a pass ÷ (the pass + the time until the stored tree covered its last event); ${lag}`, extra: { ...m } },
  ];
}

async function appendSection(backend: Backend, dir: string, config: BenchConfig, schemas: SchemaRegistry, passS: number, rounds: number): Promise<Row[]> {
  const rows: Row[] = [];
  const tree = await openRig(backend, true, dir, config, schemas);
  try {
    const plain = await openRig(backend, false, dir, config, schemas);
    try {
      const cases = probeFilter().cases;
      for (const c of CASES.filter((k) => !cases?.length || cases.some((name) => k.test.startsWith(name)))) {
        const loadBefore = loadavg()[0];
        const m = await measureCase(c, { tree, plain }, passS, rounds);
        // Other work on the machine widens the rounds' spread: the log says how busy it was.
        const load = `load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`;
        log(`  ${c.test.padEnd(26)} with ${Math.round(m.withTree)}, without ${Math.round(m.without)} events/s (${(m.withTree / m.without).toFixed(2)}×); until covered ${Math.round(m.covered)}/s; lag ${m.lag.medianEvents} events, ${m.lag.medianMs.toFixed(0)} ms`);
        log(`    each round, with ÷ without: ${m.pairs.map((r) => r.toFixed(2)).join(' ')}; ${roundsText(m.pairs)}; ${load}`);
        rows.push(...appendRows(backend, c, m, passS, rounds, tree.durability ?? '—'));
      }
    } finally {
      await plain.close();
    }
  } finally {
    await tree.close();
  }
  return rows;
}

/** Runs one part; a failure becomes a row marked missed that says why. */
async function reported(rows: Row[], backend: Backend, what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    log(`  ${what} on ${backend} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    rows.push({ section: '7 audit log', test: what, backend, unit: '—', ours: null, durability: '—', met: false,
      note: `failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}

/** Section 7: the audit log's Merkle tree: appends with it maintained vs without, and proofs over a large stored tree. */
export async function auditLogSection(config: BenchConfig, schemas: SchemaRegistry): Promise<Row[]> {
  const rows: Row[] = [];
  const probe = probeFilter();
  // One pass moves ±10-15 % against its pair on this machine (fsync times, two threads on two cores):
  // a full run takes 20 rounds, enough for the median's 95 % interval to be about ±3 %.
  const [rounds, passS] = probe.passes ?? [config.quick ? 3 : 20, config.quick ? 1 : 2];
  const dir = scratchDir();
  try {
    for (const backend of (['sqlite', 'postgres'] as const).filter((b) => !probe.backends?.length || probe.backends.includes(b))) {
      // A backend that fails is reported and the rest still runs, as in the append section.
      await reported(rows, backend, 'appends with the tree maintained', async () => {
        log(`\n[7] appends with the audit tree maintained vs without, ${backend} (${rounds} alternating passes of ${passS} s)`);
        rows.push(...await appendSection(backend, dir.path, config, schemas, passS, rounds));
      });
      if (probe.backends || probe.cases) continue;
      await reported(rows, backend, 'proofs', async () => {
        rows.push(...await proofRows(backend, dir.path, config, schemas, config.quick ? 100_000 : 1_000_000, config.quick ? 2000 : 5000));
      });
    }
  } finally {
    dir.remove();
  }
  return rows;
}
