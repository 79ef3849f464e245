/*
 * The audit tree's thread (see MerkleTreeThread): it opens its own event store and audit
 * log connections and runs the follower's passes there.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore, openEventStore } from '@consult/event-store';
import { MerkleLog } from '../log/merkle-log';
import { storeGrower } from '../log/tree-grower';
import { openAuditLogDatabase } from './audit-log.datasource';
import type { MerkleTreeAnswer, MerkleTreeNotice, MerkleTreeRequest, MerkleTreeThreadConfig } from './merkle-tree.thread';
import { TypeormMerkleNodeStore } from './typeorm.merkle-node.store';

const port = parentPort!;
const config = workerData as MerkleTreeThreadConfig;
const tell = (message: MerkleTreeAnswer | MerkleTreeNotice): void => port.postMessage(message);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The tree's thread runs below the api's threads (on Linux a nice value is a thread's own):
 * when appends saturate the cores, they go first and the tree catches up after, as its
 * readers pull what they need (docs/benchmarks.md, audit, session 6).
 */
const TREE_THREAD_NICE = 10;

function lowerPriority(): void {
  try {
    setPriority(0, TREE_THREAD_NICE);
  } catch {
    // A platform without thread priorities runs the tree at the api's: slower appends, not wrong ones.
  }
}

async function main(): Promise<void> {
  lowerPriority();
  // Only reads here: SQLite's store opens without a writer thread of its own.
  const store = config.store.kind === 'sqlite' ? await SqliteEventStore.open({ path: config.store.sqlitePath }) : await openEventStore(config.store);
  const db = await openAuditLogDatabase(config.audit);
  const grower = storeGrower(store, new MerkleLog(new TypeormMerkleNodeStore(db)));
  port.on('message', (request: MerkleTreeRequest) => {
    if ('stop' in request) {
      void Promise.allSettled([db.destroy(), store.close()]).then(() => process.exit(0));
      return;
    }
    grower.grow(request.grow, (size) => tell({ grown: size })).then(
      () => tell({ seq: request.seq, done: true }),
      (error) => tell({ seq: request.seq, failed: messageOf(error) }),
    );
  });
  tell({ ready: true });
}

main().catch((error) => {
  tell({ startFailed: messageOf(error) });
  process.exit(1);
});
