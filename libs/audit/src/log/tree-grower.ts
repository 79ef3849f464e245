import type { EventHash, EventStore } from '@consult/event-store';
import { eventLeafHash } from './merkle';
import { MerkleLog } from './merkle-log';

/** Leaves read and stored in one transaction: a busy tick's worth (1 s) at 5,000 events/s, so one a tick. */
const PAGE = 5000;

/**
 * One pass of the tree's follower: reads what the store holds after `covered` and stores
 * it, a page of leaves a locked transaction, until it has caught up; `grown` hears each
 * size reached. In this thread (`storeGrower`) or in a thread of its own (nest/merkle-tree.thread.ts).
 */
export interface TreeGrower {
  grow(covered: number, grown: (size: number) => void): Promise<void>;
  /** Gets ready for passes (starts a thread, without waiting for it); the follower calls it when it starts. */
  start?(): Promise<void>;
  /** Releases what the grower holds (a thread, connections); the follower calls it when it stops. */
  stop?(): Promise<void>;
}

/** The grower over this thread's own store and tree. */
export function storeGrower(store: EventStore, log: MerkleLog): TreeGrower {
  return {
    async grow(covered, grown) {
      for (let after = covered; ;) {
        const page = await store.readHashes({ after, maxCount: PAGE });
        if (page.length === 0) return;
        // Hashed before the tree's lock is taken: the transaction then only stores.
        const leaves = page.map((event) => eventLeafHash(event.hash));
        after = Math.max(after, await log.append((treeSize) => leavesAfter(page, treeSize, leaves)));
        grown(after);
        if (page.length < PAGE) return;
        // Appends waiting on this thread go before the next page: the tree may lag, appends not.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

/**
 * The leaf hashes of the page's events the tree does not have yet; positions must follow on.
 * `leaves`, when given, are the page's leaf hashes already computed, in the page's order.
 */
export function leavesAfter(page: readonly EventHash[], treeSize: number, leaves?: readonly Buffer[]): Buffer[] {
  const skip = page.findIndex((event) => event.position > treeSize);
  if (skip < 0) return [];
  for (let i = skip; i < page.length; i += 1) {
    const expected = treeSize + 1 + i - skip;
    if (page[i].position !== expected) throw new Error(`the audit log expected the event at position ${expected}, got ${page[i].position}`);
  }
  return leaves ? leaves.slice(skip) : page.slice(skip).map((event) => eventLeafHash(event.hash));
}
