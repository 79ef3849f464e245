import type { DataSource } from 'typeorm';
import { ConsultationCache } from '@consult/consultation';
import type { EventStore } from '@consult/event-store';
import { Projector, READ_MODEL_PROJECTIONS, Replayer, describeParkedEvent, openReadModels, retryParkedEvents } from '@consult/projections';
import { CommandInput, UsageError } from './command';
import { openStore, progress } from './backend';

/** `consult projections rebuild`: empties the read models and folds every event again. */
export async function rebuild(): Promise<number> {
  return withReadModels(async (store, db, replay) => {
    const projector = new Projector(store, db, replay);
    const head = await store.headPosition();
    const started = Date.now();
    await projector.reset();
    await projector.start();
    const timer = setInterval(() => progress('rebuilding', projector.checkpointPosition, head), 200);
    try {
      await projector.waitFor(head, 24 * 3600_000);
    } finally {
      clearInterval(timer);
      projector.stop();
    }
    progress('rebuilding', head, head);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`read models rebuilt from ${head} events in ${seconds.toFixed(1)} s (${Math.round(head / Math.max(seconds, 0.001))} events/s)\n`);
    return 0;
  });
}

/** `consult projections retry [name]`: applies the parked events again; exit code 1 if any still fails. */
export async function retry({ positionals }: CommandInput): Promise<number> {
  const names = READ_MODEL_PROJECTIONS.map((p) => p.name);
  const name = positionals[0];
  if (name !== undefined && !names.includes(name)) throw new UsageError(`projections retry: expects one of ${names.join(', ')} (got ${JSON.stringify(name)})`);
  return withReadModels(async (store, db, replay) => {
    const { resolved, failing } = await retryParkedEvents(db, store, replay, name);
    for (const parked of resolved) process.stdout.write(`applied  ${parked.projection} @${parked.position}: ${parked.type} in ${parked.stream}\n`);
    for (const parked of failing) process.stdout.write(`parked   ${describeParkedEvent(parked)}\n`);
    process.stdout.write(`${resolved.length} parked events applied, ${failing.length} still failing\n`);
    return failing.length === 0 ? 0 : 1;
  });
}

/** Opens the configured store and read models, with the replayer the api's projector uses, for `work`. */
async function withReadModels(work: (store: EventStore, db: DataSource, replay: Replayer) => Promise<number>): Promise<number> {
  const { store, config } = await openStore();
  try {
    const db = await openReadModels({ databaseUrl: config.databaseUrl, schema: config.databaseSchema, sqlitePath: config.sqlitePath });
    try {
      const cache = new ConsultationCache(store);
      return await work(store, db, async (event) => {
        const loaded = await cache.replayTo(event);
        return { view: loaded.definition.summary(loaded.snapshot), launch: loaded.launch };
      });
    } finally {
      await db.destroy();
    }
  } finally {
    await store.close();
  }
}
