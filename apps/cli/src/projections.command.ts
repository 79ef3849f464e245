import type { DataSource } from 'typeorm';
import { consultationReplayer } from '@consult/consultation';
import type { EventStore } from '@consult/event-store';
import { PROJECTIONS, Projection, Projector, ReadModelOptions, Replayer, describeParkedEvent, openReadModels, retryParkedEvents } from '@consult/projections';
import { CommandInput, UsageError } from './command';
import { openStore, progress } from './backend';

/** The registered projection named by the command's argument, or all of them. */
function selected(command: string, name: string | undefined): readonly Projection[] {
  if (name === undefined) return PROJECTIONS;
  const projection = PROJECTIONS.find((p) => p.name === name);
  if (!projection) throw new UsageError(`${command}: expects one of ${PROJECTIONS.map((p) => p.name).join(', ')} (got ${JSON.stringify(name)})`);
  return [projection];
}

/**
 * `consult projections rebuild [name]`: empties one projection's tables, parked events and
 * checkpoint (or every projection's) and folds every event it handles again.
 */
export async function rebuild({ positionals }: CommandInput): Promise<number> {
  const projections = selected('projections rebuild', positionals[0]);
  // The rebuilt tables come back by rebuilding again: its commits need not reach the disk one by one.
  return withReadModels({ synchronous: 'NORMAL' }, async (store, db, replay) => {
    const projector = new Projector(store, db, replay, undefined, 1000, projections);
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
    const names = projections.map((p) => p.name).join(', ');
    process.stdout.write(`read models rebuilt from ${head} events in ${seconds.toFixed(1)} s (${Math.round(head / Math.max(seconds, 0.001))} events/s): ${names}\n`);
    return 0;
  });
}

/** `consult projections retry [name]`: applies the parked events again; exit code 1 if any still fails. */
export async function retry({ positionals }: CommandInput): Promise<number> {
  const name = positionals[0];
  selected('projections retry', name);
  return withReadModels({}, async (store, db, replay) => {
    const { resolved, failing } = await retryParkedEvents(db, store, replay, name);
    for (const parked of resolved) process.stdout.write(`applied  ${parked.projection} @${parked.position}: ${parked.type} in ${parked.stream}\n`);
    for (const parked of failing) process.stdout.write(`parked   ${describeParkedEvent(parked)}\n`);
    process.stdout.write(`${resolved.length} parked events applied, ${failing.length} still failing\n`);
    return failing.length === 0 ? 0 : 1;
  });
}

/** Opens the configured store and read models (with `options`), with the replayer the api's projector uses, for `work`. */
async function withReadModels(options: ReadModelOptions, work: (store: EventStore, db: DataSource, replay: Replayer) => Promise<number>): Promise<number> {
  const { store, config } = await openStore();
  try {
    const db = await openReadModels({ databaseUrl: config.databaseUrl, schema: config.databaseSchema, sqlitePath: config.sqlitePath }, options);
    try {
      return await work(store, db, consultationReplayer(store));
    } finally {
      await db.destroy();
    }
  } finally {
    await store.close();
  }
}
