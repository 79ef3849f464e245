/*
 * The benchmark suite (issue 5): `npm run bench` (full) or `npm run bench -- --quick`
 * (under two minutes once the peers are installed). Prints one table of ratios measured
 * side by side in this run, and writes test/bench/results/latest.json.
 *
 * Options: --quick · --only=append,read,replay,http,state,deadlines,audit,notifications,deliveries,pages ·
 * CONSULT_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { BenchConfig, Row, SchemaRegistry, log, pgDurability } from './lib/common';
import { printTable } from './lib/table';
import { appendSection } from './sections/append';
import { readAllSection } from './sections/read-all';
import { replaySection } from './sections/replay';
import { httpSection } from './sections/http';
import { stateAtSection } from './sections/state-at';
import { auditLogSection } from './sections/audit-log';
import { notificationsSection } from './sections/notifications';
import { deliveriesSection } from './sections/deliveries';
import { pagesSection } from './sections/pages';
import { sseSection } from './sections/sse';

function configFrom(argv: string[]): BenchConfig {
  const quick = argv.includes('--quick');
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  return {
    quick,
    appendSeconds: quick ? 0.75 : 5,
    readAllEvents: quick ? 100_000 : 1_000_000,
    httpSeconds: quick ? 1.5 : 10,
    httpRates: [500, 1000, 2000, 4000],
    httpPool: quick ? 2000 : 4000,
    pendingDeadlines: quick ? 5_000 : 100_000,
    dueAtOnce: 1000,
    stateAtEvents: 10_000,
    stateAtSamples: quick ? 50 : 400,
    databaseUrl: process.env.CONSULT_BENCH_DATABASE_URL ?? process.env.CONSULT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    only: only ? new Set(only) : undefined,
  };
}

const SECTIONS: { key: string; run: (c: BenchConfig, s: SchemaRegistry) => Promise<Row[]> }[] = [
  { key: 'append', run: appendSection },
  { key: 'read', run: readAllSection },
  { key: 'replay', run: replaySection },
  { key: 'http', run: httpSection },
  { key: 'state', run: stateAtSection },
  { key: 'audit', run: auditLogSection },
  { key: 'notifications', run: notificationsSection },
  { key: 'deliveries', run: deliveriesSection },
  { key: 'pages', run: pagesSection },
  { key: 'sse', run: sseSection },
];

async function main(): Promise<void> {
  const config = configFrom(process.argv.slice(2));
  const started = Date.now();
  log(`consult bench (${config.quick ? 'quick' : 'full'}) — node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`);
  const pg = await pgDurability(config.databaseUrl);
  log(`durability: SQLite journal_mode=WAL, synchronous=FULL everywhere; PostgreSQL ${pg}`);
  const schemas = new SchemaRegistry(config.databaseUrl);
  const rows: Row[] = [];
  const failures: { section: string; error: string }[] = [];
  const stop = async () => { await schemas.dropAll().catch(() => undefined); };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { void stop().finally(() => process.exit(130)); });
  try {
    for (const section of SECTIONS) {
      if (config.only && !config.only.has(section.key)) continue;
      try {
        rows.push(...await section.run(config, schemas));
      } catch (error) {
        const message = error instanceof Error ? error.stack ?? error.message : String(error);
        failures.push({ section: section.key, error: message });
        log(`section ${section.key} failed: ${message}`);
      }
    }
  } finally {
    await stop();
  }
  const elapsed = (Date.now() - started) / 1000;
  printTable(rows, config, elapsed);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({
    mode: config.quick ? 'quick' : 'full', finishedAt: new Date().toISOString(), elapsedSeconds: elapsed,
    machine: { node: process.version, cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: totalmem() / 2 ** 30 },
    durability: { sqlite: 'journal_mode=WAL, synchronous=FULL', postgres: pg },
    config: { ...config, only: config.only ? [...config.only] : undefined, databaseUrl: undefined },
    rows, failures,
  }, null, 2));
  log(`\nwrote test/bench/results/latest.json (${elapsed.toFixed(0)} s)`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
