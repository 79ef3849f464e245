import { randomUUID } from 'node:crypto';
import { BenchConfig, Row, SchemaRegistry, benchEvents, concurrentRate, log, scratchDir, timedRate } from '../lib/common';
import { System, emmettPostgres, emmettSqlite, oursPostgres, oursSqlite, rawPostgres, rawSqlite } from '../lib/systems';

const STREAMS = 1000;
const WRITERS = 8;

interface Case {
  test: string;
  /** Streams for one system (each system writes streams of its own). */
  streams(): string[][];
  /** Events/s for one system over `seconds`. */
  run(system: System, streams: string[][], seconds: number): Promise<number>;
}

const fresh = (n: number) => Array.from({ length: n }, () => `consultation-${randomUUID()}`);

const CASES: Case[] = [
  {
    test: '1 writer, 1 event/append, 1,000 streams',
    streams: () => [fresh(STREAMS)],
    run: (s, [streams], d) => timedRate(d, (i) => s.append(streams[i % STREAMS], benchEvents(1))),
  },
  {
    test: '1 writer, batches of 10, 1,000 streams',
    streams: () => [fresh(STREAMS)],
    run: async (s, [streams], d) => 10 * await timedRate(d, (i) => s.append(streams[i % STREAMS], benchEvents(10))),
  },
  {
    test: '8 writers, 1 event/append, distinct streams',
    streams: () => Array.from({ length: WRITERS }, () => fresh(STREAMS / WRITERS)),
    run: (s, streams, d) => concurrentRate(WRITERS, d, (w, i) => s.append(streams[w][i % streams[w].length], benchEvents(1), w)),
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The disk's fsync time drifts from second to second on a shared machine, so systems
 * are measured in interleaved rounds (order rotated each round) and the median is kept:
 * each ratio compares figures taken at the same moments.
 */
async function measureCase(c: Case, systems: System[], totalSeconds: number, rounds: number, errors: string[]) {
  const samples = new Map<System['name'], number[]>();
  const streams = new Map(systems.map((s) => [s.name, c.streams()]));
  for (let round = 0; round < rounds; round += 1) {
    for (let k = 0; k < systems.length; k += 1) {
      const system = systems[(k + round) % systems.length];
      if (errors.some((e) => e.startsWith(`${system.name}:`))) continue;
      try {
        const rate = await c.run(system, streams.get(system.name)!, totalSeconds / rounds);
        samples.set(system.name, [...(samples.get(system.name) ?? []), rate]);
      } catch (error) {
        errors.push(`${system.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  const measured: Partial<Record<System['name'], number>> = {};
  for (const [name, xs] of samples) measured[name] = median(xs);
  return measured;
}

/** Section 1: append throughput, ours beside Emmett and the raw one-transaction-per-append ceiling. */
export async function appendSection(config: BenchConfig, schemas: SchemaRegistry): Promise<Row[]> {
  const rows: Row[] = [];
  const failures: string[] = [];
  const dir = scratchDir();
  try {
    for (const backend of ['sqlite', 'postgres'] as const) {
      try {
        log(`\n[1] append on ${backend} (${config.appendSeconds} s a case and system, in interleaved rounds)`);
        const systems: System[] = [];
        try {
          if (backend === 'sqlite') {
            systems.push(await oursSqlite(dir.path));
            const emmett = await emmettSqlite(dir.path);
            if (emmett) systems.push(emmett);
            systems.push(rawSqlite(dir.path));
          } else {
            systems.push(await oursPostgres(config.databaseUrl, schemas));
            const emmett = await emmettPostgres(config.databaseUrl, schemas);
            if (emmett) systems.push(emmett);
            systems.push(await rawPostgres(config.databaseUrl, schemas, WRITERS));
          }
          for (const c of CASES) {
            const errors: string[] = [];
            const measured = await measureCase(c, systems, config.appendSeconds, config.quick ? 3 : 5, errors);
            for (const system of systems) {
              const m = measured[system.name];
              log(`  ${c.test.padEnd(46)} ${system.name.padEnd(6)} ${m === undefined ? 'failed' : Math.round(m).toString().padStart(7) + ' events/s'}  (${system.durability})`);
            }
            errors.forEach((e) => log(`    failed: ${e}`));
            const ours = measured.ours ?? null;
            const emmett = measured.emmett ?? null;
            const ceiling = measured.raw ?? null;
            const met = ours !== null && ceiling !== null
              ? (emmett === null || ours >= 1.5 * emmett) && ours >= 0.7 * ceiling : null;
            rows.push({
              section: '1 append', test: c.test, backend, unit: 'events/s', ours, emmett, ceiling,
              ceilingLabel: backend === 'sqlite' ? 'better-sqlite3, 1 tx/append' : 'pg, BEGIN/INSERT/COMMIT per append',
              durability: systems.map((s) => `${s.name}: ${s.durability}`).join('; '),
              target: '≥1.5× Emmett, ≥70% ceiling', met,
              note: [
                c.test.startsWith('8') && backend === 'sqlite' ? 'raw: better-sqlite3 is synchronous, so 8 writers in one process run one after the other' : '',
                c.test.startsWith('8') && backend === 'sqlite' ? 'Emmett: the 8 writers share its singleton connection, whose nested transactions can acknowledge an append before its COMMIT (weaker than ours)' : '',
                ...errors.map((e) => `failed: ${e}`),
              ].filter(Boolean).join('; ') || undefined,
            });
          }
        } finally {
          for (const s of systems) await s.close().catch(() => undefined);
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
