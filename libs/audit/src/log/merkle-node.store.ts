import type { MerkleNode } from './merkle-accumulator';
import type { NodeRef } from './merkle-proofs';

/** One locked extension of the tree: the size it starts from and a reader of stored nodes. */
export interface TreeExtension {
  size: number;
  read(refs: readonly NodeRef[]): Promise<Buffer[]>;
}

/** What an extension writes: every node it completed and the new size. */
export interface TreeGrowth {
  nodes: MerkleNode[];
  size: number;
}

/**
 * Where the log's complete subtrees live (level 0: the leaves), so any root and any proof
 * needs O(log n) lookups. `extend` is the single writer: two processes never both grow the
 * tree from the same size (the write lock on SQLite; on PostgreSQL a growth is stored only if
 * the size is still the one it grew from, else it is grown again from the stored size).
 */
export abstract class MerkleNodeStore {
  /** The number of leaves the stored tree covers. */
  abstract size(): Promise<number>;

  /** The hashes of complete subtrees, in the order asked; throws if one is missing. */
  abstract read(refs: readonly NodeRef[]): Promise<Buffer[]>;

  /** Stores what `grow` returns atomically with the size; `grow` may be asked more than once, so it must only compute. */
  abstract extend(grow: (tree: TreeExtension) => Promise<TreeGrowth | undefined>): Promise<number>;
}
