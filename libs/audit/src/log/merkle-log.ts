import { MerkleAccumulator } from './merkle-accumulator';
import { EMPTY_ROOT } from './merkle';
import { LeafRange, NodeRef, SubtreeHashes, consistencyProof, foldPieces, frontierOf, inclusionProof, perfectPieces } from './merkle-proofs';
import { MerkleNodeStore } from './merkle-node.store';

/**
 * Roots and proofs of the stored tree. Every range a proof names is folded from stored
 * complete subtrees fetched in one read, so a proof over a million events costs one query
 * of at most ~2·log2(n) keys, never a walk over the leaves.
 */
export class MerkleLog {
  constructor(readonly nodes: MerkleNodeStore) {}

  /** Hashes of the ranges, with one read for all their pieces. */
  readonly subtrees: SubtreeHashes = async (ranges: readonly LeafRange[]) => {
    const pieces = ranges.map((range) => perfectPieces(range));
    const hashes = await this.nodes.read(pieces.flat());
    let at = 0;
    return pieces.map((list) => {
      const folded = foldPieces(hashes.slice(at, at + list.length));
      at += list.length;
      return folded;
    });
  };

  /** MTH(D[0:size]); `size` must be covered by the stored tree. */
  async rootAt(size: number): Promise<Buffer> {
    if (size === 0) return EMPTY_ROOT;
    return (await this.subtrees([{ start: 0, end: size }]))[0];
  }

  /** The leaf hash at an index (0-based: the event at position index + 1). */
  async leaf(index: number): Promise<Buffer> {
    return (await this.nodes.read([{ level: 0, index }]))[0];
  }

  inclusion(leafIndex: number, treeSize: number): Promise<Buffer[]> {
    return inclusionProof(leafIndex, treeSize, this.subtrees);
  }

  consistency(from: number, to: number): Promise<Buffer[]> {
    return consistencyProof(from, to, this.subtrees);
  }

  /** Appends leaf hashes (in position order, from the covered size on) and stores the new nodes. */
  async append(leafHashes: (size: number) => Buffer[] | undefined): Promise<number> {
    return this.nodes.extend(async (tree) => {
      const leaves = leafHashes(tree.size);
      if (!leaves || leaves.length === 0) return undefined;
      const frontier = frontierOf(tree.size);
      const hashes = await tree.read(frontier);
      const acc = new MerkleAccumulator(tree.size, frontier.map((ref: NodeRef, i) => ({ ...ref, hash: hashes[i] })));
      const nodes = leaves.flatMap((leaf) => acc.append(leaf));
      return { nodes, size: acc.size };
    });
  }
}
