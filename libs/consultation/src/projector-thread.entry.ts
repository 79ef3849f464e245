/*
 * The projector thread (see ProjectorThread): it opens its own event store and read-model
 * connections and runs the projector there, answering `waitFor`/`catchUp` for the api.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Subject } from 'rxjs';
import { SqliteEventStore, openEventStore } from '@consult/event-store';
import { openReadModels } from '@consult/projections';
import { ProjectorReply, ProjectorRequest, ProjectorThreadConfig } from './projector-thread';
import { consultationProjector, pageFailedMessage } from './read-model-projector';

const port = parentPort!;
const config = workerData as ProjectorThreadConfig;
const reply = (message: ProjectorReply): void => port.postMessage(message);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function main(): Promise<void> {
  // SQLite tells of a commit only the subscribers on the thread that made it: here the
  // follower polls every 50 ms, and whoever waits on the read models wakes it at once.
  const wake = new Subject<void>();
  const store = config.store.kind === 'sqlite'
    ? await SqliteEventStore.open({ path: config.store.sqlitePath, pollMs: 50, wakeUps: wake })
    : await openEventStore(config.store);
  const db = await openReadModels(config.readModels);
  const projector = consultationProjector(store, db, (error) => reply({ pageFailed: pageFailedMessage(error) }));
  await projector.start();
  port.on('message', (request: ProjectorRequest) => {
    if ('stop' in request) {
      projector.stop();
      void Promise.allSettled([db.destroy(), store.close()]).then(() => process.exit(0));
      return;
    }
    wake.next();
    const done = 'catchUp' in request
      ? projector.catchUp(request.timeoutMs, request.names)
      : projector.waitFor(request.waitFor, request.timeoutMs, request.names);
    done.then((freshness) => reply({ seq: request.seq, freshness }), (error) => reply({ seq: request.seq, failed: messageOf(error) }));
  });
  reply({ ready: true });
}

main().catch((error) => {
  reply({ startFailed: messageOf(error) });
  process.exit(1);
});
