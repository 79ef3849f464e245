import { createHash } from 'node:crypto';
import { hashLeaf } from './merkle';
import { MerkleLog } from './merkle-log';

/** The leaf hash of synthetic entry `i`: SHA-256(0x00 || SHA-256(i)), as an event's would be. */
export function syntheticLeaf(i: number): Buffer {
  return hashLeaf(createHash('sha256').update(String(i)).digest());
}

/**
 * Grows a stored tree by `count` synthetic leaves, `batch` leaves a transaction (for the
 * benchmarks: proofs over a million-event log without appending a million events).
 * Answers the new size.
 */
export async function buildSyntheticTree(log: MerkleLog, count: number, batch = 20_000, leafOf = syntheticLeaf): Promise<number> {
  let size = await log.nodes.size();
  const target = size + count;
  while (size < target) {
    const from = size;
    const n = Math.min(batch, target - from);
    size = await log.append((treeSize) => (treeSize === from ? Array.from({ length: n }, (_, i) => leafOf(from + i)) : undefined));
    if (size === from) throw new Error('another writer is growing the tree: build synthetic trees on a database of their own');
  }
  return size;
}
