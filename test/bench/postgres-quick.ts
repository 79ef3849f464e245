/*
 * Quick throughput figures for the PostgreSQL adapter (not a test):
 *
 *   CONSULT_TEST_DATABASE_URL=postgres://... node -r ./tools/register.js test/bench/postgres-quick.ts
 *
 * Runs on a throw-away schema, dropped at the end.
 */
import { firstValueFrom, take, toArray } from 'rxjs';
import { PostgresEventStore } from '../../libs/event-store/src/adapters/postgres.event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../libs/event-store/src/adapters/postgres.test-database';
import { newStream, sampleEvents } from '../../libs/event-store/src/testing/event-factory';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

/** Calls `once` back to back for SECONDS; returns calls per second. */
async function rate(once: () => Promise<unknown>): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  let count = 0;
  while (Date.now() < until) {
    await once();
    count += 1;
  }
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function concurrentRate(callers: number, once: (caller: number) => Promise<unknown>): Promise<number> {
  const rates = await Promise.all(Array.from({ length: callers }, (_, n) => rate(() => once(n))));
  return rates.reduce((a, b) => a + b, 0);
}

async function main(): Promise<void> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('es_bench');
  const store = await PostgresEventStore.open({ connectionString: url, schema });
  const row = (label: string, value: number, unit: string) =>
    console.log(`${label.padEnd(52)} ${Math.round(value).toString().padStart(8)} ${unit}`);
  try {
    const single = newStream();
    row('1 caller, 1 event an append', await rate(() => store.append(single, sampleEvents(1))), 'appends/s');
    const batched = newStream();
    row('1 caller, 10 events an append', 10 * await rate(() => store.append(batched, sampleEvents(10))), 'events/s');
    const streams = Array.from({ length: 8 }, () => newStream());
    row('8 callers, distinct streams, 1 event an append',
      await concurrentRate(8, (n) => store.append(streams[n], sampleEvents(1))), 'appends/s');
    const exact = Array.from({ length: 8 }, () => ({ stream: newStream(), revision: -1 }));
    row('8 callers, distinct streams, exact expectedRevision', await concurrentRate(8, async (n) => {
      const s = exact[n];
      const result = await store.append(s.stream, sampleEvents(1), { expectedRevision: s.revision < 0 ? 'no-stream' : s.revision });
      s.revision = result.nextRevision;
    }), 'appends/s');

    let head = await store.headPosition();
    while (head < 50000) {
      await Promise.all(Array.from({ length: 8 }, () => store.append(newStream(), sampleEvents(100))));
      head = await store.headPosition();
    }
    let started = process.hrtime.bigint();
    let read = 0;
    for (let after = 0; ; ) {
      const page = await store.readAll({ after, maxCount: 1000 });
      if (page.length === 0) break;
      read += page.length;
      after = page[page.length - 1].position;
    }
    row(`readAll, pages of 1000, ${read} events`, read / (Number(process.hrtime.bigint() - started) / 1e9), 'events/s');

    started = process.hrtime.bigint();
    const caught = await firstValueFrom(store.subscribeToAll(0).pipe(take(head), toArray()));
    row(`subscribeToAll catch-up, ${caught.length} events`, caught.length / (Number(process.hrtime.bigint() - started) / 1e9), 'events/s');
  } finally {
    await store.close();
    await dropSchemas(url, [schema]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
