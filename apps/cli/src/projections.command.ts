import { Projector, openReadModels } from '@consult/projections';
import { ConsultationCache } from '@consult/consultation';
import { openStore, progress } from './backend';

/** `consult projections rebuild`: empties the read models and folds every event again. */
export async function rebuild(): Promise<number> {
  const { store, config } = await openStore();
  const db = await openReadModels({
    databaseUrl: config.databaseUrl,
    schema: config.databaseSchema,
    sqlitePath: config.sqlitePath,
  });
  try {
    const cache = new ConsultationCache(store);
    const projector = new Projector(store, db, async (event) => {
      const loaded = await cache.replayTo(event);
      return { view: loaded.definition.summary(loaded.snapshot), launch: loaded.launch };
    });
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
  } finally {
    await db.destroy();
    await store.close();
  }
}
