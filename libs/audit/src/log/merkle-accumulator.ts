import { foldPieces } from './merkle-proofs';
import { EMPTY_ROOT, hashChildren } from './merkle';

/** A stored complete subtree: `2^level` leaves from leaf `index * 2^level`, and its hash. */
export interface MerkleNode {
  level: number;
  index: number;
  hash: Buffer;
}

/**
 * Appends leaves to a log given only its frontier (the complete subtrees that make it,
 * largest first) and reports each complete subtree the appends finish: O(1) amortised
 * hashing per leaf, O(log n) memory, whatever the size of the log.
 */
export class MerkleAccumulator {
  private readonly frontier: MerkleNode[];

  constructor(private treeSize = 0, frontier: readonly MerkleNode[] = []) {
    this.frontier = [...frontier];
  }

  get size(): number {
    return this.treeSize;
  }

  /** Adds one leaf hash; answers the nodes it completes, the leaf first. */
  append(leafHash: Buffer): MerkleNode[] {
    const made: MerkleNode[] = [{ level: 0, index: this.treeSize, hash: leafHash }];
    this.frontier.push(made[0]);
    this.treeSize += 1;
    for (;;) {
      const right = this.frontier[this.frontier.length - 1];
      const left = this.frontier[this.frontier.length - 2];
      if (!left || left.level !== right.level) break;
      const parent = { level: left.level + 1, index: left.index / 2, hash: hashChildren(left.hash, right.hash) };
      this.frontier.splice(this.frontier.length - 2, 2, parent);
      made.push(parent);
    }
    return made;
  }

  /** The MTH of every leaf appended so far. */
  root(): Buffer {
    return this.frontier.length === 0 ? EMPTY_ROOT : foldPieces(this.frontier.map((node) => node.hash));
  }

  /** The frontier, largest subtree first. */
  nodes(): readonly MerkleNode[] {
    return this.frontier;
  }
}
