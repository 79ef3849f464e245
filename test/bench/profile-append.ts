/*
 * Profiling aid (not part of the run): appends batches of 10 to our SQLite store for a
 * few seconds. `node --cpu-prof --cpu-prof-dir=/tmp/prof -r ./tools/register.js test/bench/profile-append.ts`
 */
import { randomUUID } from 'node:crypto';
import { openEventStore } from '@consult/event-store';
import { benchEvents, scratchDir, timedRate } from './lib/common';

async function main(): Promise<void> {
  const dir = scratchDir();
  const size = Number(process.env.BATCH ?? 10);
  const store = await openEventStore({ kind: 'sqlite', sqlitePath: `${dir.path}/p.db` });
  const streams = Array.from({ length: 1000 }, () => `consultation-${randomUUID()}`);
  try {
    const rate = await timedRate(Number(process.env.SECONDS ?? 5), (i) => store.append(streams[i % 1000], benchEvents(size)));
    console.log(`${Math.round(rate * size)} events/s in appends of ${size}`);
  } finally {
    await store.close();
    dir.remove();
  }
}

void main();
