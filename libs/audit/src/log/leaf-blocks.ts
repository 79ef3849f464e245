import type { MerkleNode } from './merkle-accumulator';
import { merkleTreeHash } from './merkle';
import type { NodeRef } from './merkle-proofs';

/**
 * The stored tree keeps complete subtrees of level ≥ 4 as nodes and the leaves in blocks of
 * 16 (one row a block, the leaf hashes back to back): a tenth of the rows of storing every
 * node. A node below level 4 is re-hashed from its block (at most 15 hashes). The leaves
 * stay in the tree's own tables, not re-read from the events: an insider who rewrites events
 * and their hashes must not change what the tree answers, nor hide where the log diverges.
 */

/** The lowest level stored as a node. */
export const STORED_LEVEL = 4;
/** The leaves one block holds: those under one level-4 node. */
export const BLOCK_LEAVES = 2 ** STORED_LEVEL;
const HASH = 32;

/** A block row: the leaf hashes of leaves `block * 16` onwards (16, or fewer in the last block). */
export interface LeafBlock {
  block: number;
  leaves: Buffer;
}

/** What a read of some refs fetches: stored nodes (level ≥ 4) and the blocks of the lower ones. */
export interface NodeReads {
  nodes: NodeRef[];
  blocks: number[];
}

const key = (level: number, index: number) => `${level}:${index}`;

/** The stored nodes and blocks that answer `refs`, each once. */
export function readsFor(refs: readonly NodeRef[]): NodeReads {
  const nodes = new Map<string, NodeRef>();
  const blocks = new Set<number>();
  for (const ref of refs) {
    if (ref.level >= STORED_LEVEL) nodes.set(key(ref.level, ref.index), ref);
    else blocks.add(Math.floor((ref.index * 2 ** ref.level) / BLOCK_LEAVES));
  }
  return { nodes: [...nodes.values()], blocks: [...blocks] };
}

/** The hash of each ref, in order, from what `readsFor` fetched; throws on one the tree lacks. */
export function resolveRefs(refs: readonly NodeRef[], nodes: ReadonlyMap<string, Buffer>, blocks: ReadonlyMap<number, Buffer>): Buffer[] {
  return refs.map((ref) => {
    const hash = ref.level >= STORED_LEVEL ? nodes.get(key(ref.level, ref.index)) : lowNode(ref, blocks);
    if (!hash) throw new Error(`the audit log has no node (level ${ref.level}, index ${ref.index})`);
    return hash;
  });
}

/** The map key `resolveRefs` expects for a stored node. */
export const nodeKey = key;

function lowNode(ref: NodeRef, blocks: ReadonlyMap<number, Buffer>): Buffer | undefined {
  const width = 2 ** ref.level;
  const first = ref.index * width;
  const block = blocks.get(Math.floor(first / BLOCK_LEAVES));
  const start = first % BLOCK_LEAVES;
  if (!block || block.length < (start + width) * HASH) return undefined;
  const leaves = Array.from({ length: width }, (_, i) => block.subarray((start + i) * HASH, (start + i + 1) * HASH));
  return merkleTreeHash(leaves);
}

/**
 * The rows an extension from `size` writes: the nodes it completed at stored levels, and
 * every block it touched, the first one prefixed with the leaves it already held (`held`).
 */
export function rowsOf(size: number, grown: readonly MerkleNode[], held: Buffer | undefined): { nodes: MerkleNode[]; blocks: LeafBlock[] } {
  const already = size % BLOCK_LEAVES;
  if ((held?.length ?? 0) !== already * HASH) {
    throw new Error(`the audit log's block ${Math.floor(size / BLOCK_LEAVES)} holds ${(held?.length ?? 0) / HASH} leaves, expected ${already}`);
  }
  const parts = new Map<number, Buffer[]>();
  if (held && already > 0) parts.set(Math.floor(size / BLOCK_LEAVES), [held]);
  for (const node of grown) {
    if (node.level !== 0) continue;
    const block = Math.floor(node.index / BLOCK_LEAVES);
    const list = parts.get(block) ?? [];
    list.push(node.hash);
    parts.set(block, list);
  }
  return {
    nodes: grown.filter((node) => node.level >= STORED_LEVEL),
    blocks: [...parts].map(([block, list]) => ({ block, leaves: Buffer.concat(list) })),
  };
}
