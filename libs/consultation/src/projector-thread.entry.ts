/*
 * The projector thread (see ProjectorThread): it opens its own event store and read-model
 * connections and runs the projector there, answering `waitFor`/`catchUp` for the api.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Subject } from 'rxjs';
import { EventStore, openEventStore } from '@consult/event-store';
import { openReadModels } from '@consult/projections';
import { ProjectorReply, ProjectorRequest, ProjectorThreadConfig } from './projector-thread';
import { consultationProjector, pageFailedMessage } from './read-model-projector';
import { WakeableStore } from './wakeable-store';

const port = parentPort!;
const config = workerData as ProjectorThreadConfig;
const reply = (message: ProjectorReply): void => port.postMessage(message);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function main(): Promise<void> {
  const store = await openEventStore(config.store);
  const db = await openReadModels(config.readModels);
  // SQLite tells only its own process's subscribers of commits: whoever waits on the read
  // models here wakes the follower at once instead of leaving it to the poll.
  const wake = new Subject<void>();
  const followed: EventStore = store.kind === 'sqlite' ? new WakeableStore(store, wake) : store;
  const projector = consultationProjector(followed, db, (error) => reply({ pageFailed: pageFailedMessage(error) }));
  await projector.start();
  port.on('message', (request: ProjectorRequest) => {
    if ('stop' in request) {
      projector.stop();
      void Promise.allSettled([db.destroy(), store.close()]).then(() => process.exit(0));
      return;
    }
    wake.next();
    const done = 'catchUp' in request ? projector.catchUp() : projector.waitFor(request.waitFor, request.timeoutMs);
    done.then(() => reply({ seq: request.seq, ok: true }), (error) => reply({ seq: request.seq, failed: messageOf(error) }));
  });
  reply({ ready: true });
}

main().catch((error) => {
  reply({ startFailed: messageOf(error) });
  process.exit(1);
});
