import type { DataSource } from 'typeorm';
import { MerkleLog, TypeormMerkleNodeStore, buildSyntheticTree, openAuditLogDatabase, syntheticLeaf, verifyConsistency, verifyInclusion } from '@consult/audit';
import { BenchConfig, Row, SchemaRegistry, log, percentile, seconds } from '../lib/common';

type Backend = 'sqlite' | 'postgres';

/** Proofs timed after this many untimed ones (connections and statement caches warm). */
const WARM_UP = 20;

/** A seeded PRNG (mulberry32), so every run asks for the same leaves and sizes. */
function random(seed: number): (below: number) => number {
  let a = seed >>> 0;
  return (below) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** Times `samples` proofs (after a warm-up); each one is checked against the stored root, untimed. */
async function timeProofs(samples: number, prove: (k: number) => Promise<() => Promise<boolean>>): Promise<{ p50: number; p99: number; max: number }> {
  const times: number[] = [];
  for (let k = 0; k < samples + WARM_UP; k += 1) {
    const start = process.hrtime.bigint();
    const check = await prove(k);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!(await check())) throw new Error(`proof ${k} did not verify against the stored root`);
    if (k >= WARM_UP) times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] };
}

/** PATH(m, D[0:n]) for a random size n ≤ size and a random leaf m < n. */
function inclusionRuns(tree: MerkleLog, size: number, next: (below: number) => number) {
  return async () => {
    const n = 1 + next(size);
    const m = next(n);
    const proof = await tree.inclusion(m, n);
    return async () => verifyInclusion(m, n, syntheticLeaf(m), proof, await tree.rootAt(n));
  };
}

/** PROOF(m, D[0:n]) for a random size n ≤ size and a random earlier size 1 ≤ m ≤ n. */
function consistencyRuns(tree: MerkleLog, size: number, next: (below: number) => number) {
  return async () => {
    const n = 1 + next(size);
    const m = 1 + next(n);
    const proof = await tree.consistency(m, n);
    return async () => verifyConsistency(m, n, await tree.rootAt(m), await tree.rootAt(n), proof);
  };
}

/** What the tree's connection commits with, read back from it (the audit log sets no synchronous level of its own). */
export async function treeDurability(db: DataSource): Promise<string> {
  if (db.options.type === 'postgres') return `synchronous_commit=${(await db.query('SHOW synchronous_commit'))[0].synchronous_commit}`;
  const [{ journal_mode: journal }] = await db.query('PRAGMA journal_mode');
  const [{ synchronous }] = await db.query('PRAGMA synchronous');
  return `journal_mode=${journal}, synchronous=${['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(synchronous)]}`;
}

async function openTree(backend: Backend, dir: string, config: BenchConfig, schemas: SchemaRegistry): Promise<DataSource> {
  return backend === 'sqlite'
    ? openAuditLogDatabase({ sqlitePath: `${dir}/proofs.db` })
    : openAuditLogDatabase({ sqlitePath: '', databaseUrl: config.databaseUrl, schema: schemas.reserve('bench_proofs') });
}

/**
 * Section 7b: inclusion and consistency proofs over a stored tree of `events` leaves,
 * built with buildSyntheticTree (its build rate reported too) and read back through
 * MerkleLog over the TypeORM node store, as the proof endpoints read it.
 */
export async function proofRows(backend: Backend, dir: string, config: BenchConfig, schemas: SchemaRegistry, events: number, samples: number): Promise<Row[]> {
  const db = await openTree(backend, dir, config, schemas);
  try {
    const tree = new MerkleLog(new TypeormMerkleNodeStore(db));
    const built = process.hrtime.bigint();
    const size = await buildSyntheticTree(tree, events);
    const buildS = seconds(built);
    log(`\n[7] proofs on ${backend}: tree of ${size} synthetic leaves built in ${buildS.toFixed(1)} s (${Math.round(size / buildS)} leaves/s)`);
    const inclusion = await timeProofs(samples, inclusionRuns(tree, size, random(13)));
    const consistency = await timeProofs(samples, consistencyRuns(tree, size, random(9162)));
    const durability = `tree: ${await treeDurability(db)}`;
    const label = `${size.toLocaleString('en-US')}-event log`;
    const row = (kind: string, t: { p50: number; p99: number; max: number }): Row => {
      log(`  ${kind.padEnd(12)} p50 ${t.p50.toFixed(2)} ms, p99 ${t.p99.toFixed(2)} ms, max ${t.max.toFixed(2)} ms (${samples} proofs, each verified)`);
      return {
        section: '7 audit proofs', test: `${kind} proof, ${label}, p99 (p50 in note)`, backend, unit: 'ms', ours: t.p99, higherIsBetter: false,
        durability, target: 'p99 < 10 ms', met: t.p99 < 10,
        note: `p50 ${t.p50.toFixed(2)} ms, max ${t.max.toFixed(2)} ms over ${samples} random leaves/sizes (seeded), from the stored tree (MerkleLog over audit_merkle_node2 and audit_merkle_leaves, one query a proof), each verified against the stored root (untimed)`,
        extra: { ...t, samples, size },
      };
    };
    return [
      {
        section: '7 audit proofs', test: `build: ${label} of synthetic leaves (buildSyntheticTree, 20,000 a transaction)`, backend,
        unit: 'leaves/s', ours: size / buildS, durability, note: `${buildS.toFixed(1)} s`, extra: { seconds: buildS, size },
      },
      row('inclusion', inclusion),
      row('consistency', consistency),
    ];
  } finally {
    await db.destroy();
  }
}
