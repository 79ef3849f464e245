/*
 * Profiling aid (not part of the run): seeds open consultations into SQLite and times
 * replay through the machines, the projection rebuild, stateAt, or the deadline sweep.
 * `WHAT=replay|rebuild|sweep node --cpu-prof --cpu-prof-dir=/tmp/prof -r ./tools/register.js test/bench/profile-replay.ts`
 */
import { SchemaRegistry } from './lib/common';
import { replaySection } from './sections/replay';
import { stateAtSection } from './sections/state-at';

async function main(): Promise<void> {
  const what = process.env.WHAT ?? 'replay';
  const config = {
    quick: true, appendSeconds: 1, readAllEvents: 0, httpSeconds: 1, httpRates: [], httpPool: 0, pendingDeadlines: Number(process.env.N ?? 10_000),
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
