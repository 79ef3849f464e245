import { hashChildren, isPowerOfTwo, merkleTreeHash, splitPoint } from './merkle';

/** Leaves `[start, end)` of the log: the subtree whose MTH a proof carries. */
export interface LeafRange {
  start: number;
  end: number;
}

/** A complete subtree: `2^level` leaves starting at leaf `index * 2^level`. */
export interface NodeRef {
  level: number;
  index: number;
}

/** Finds the MTH of a range of the log (in memory, or from stored complete subtrees). */
export type SubtreeHashes = (ranges: readonly LeafRange[]) => Promise<Buffer[]> | Buffer[];

/** The subtrees whose hashes make PATH(m, D[0:n]) (RFC 9162 §2.1.3.1), leaf side first. */
export function inclusionRanges(leafIndex: number, treeSize: number): LeafRange[] {
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new RangeError(`leaf ${leafIndex} is not in a tree of ${treeSize}`);
  }
  const path: LeafRange[] = [];
  let [start, end, m] = [0, treeSize, leafIndex];
  const stack: LeafRange[] = [];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      stack.push({ start: start + k, end });
      end = start + k;
    } else {
      stack.push({ start, end: start + k });
      start += k;
      m -= k;
    }
  }
  while (stack.length > 0) path.push(stack.pop()!);
  return path;
}

/** The subtrees whose hashes make PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1), in proof order. */
export function consistencyRanges(first: number, second: number): LeafRange[] {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 1 || first > second) {
    throw new RangeError(`no consistency proof from ${first} to ${second}`);
  }
  const stack: LeafRange[] = [];
  let [start, end, m, complete] = [0, second, first, true];
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      stack.push({ start: start + k, end });
      end = start + k;
    } else {
      stack.push({ start, end: start + k });
      start += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) stack.push({ start, end });
  return stack.reverse();
}

/**
 * The complete subtrees whose hashes fold into a range's MTH, left to right. Every range a
 * proof asks for starts on a boundary of its largest piece, so stored subtrees suffice.
 */
export function perfectPieces(range: LeafRange): NodeRef[] {
  const pieces: NodeRef[] = [];
  let start = range.start;
  while (start < range.end) {
    let level = Math.floor(Math.log2(range.end - start));
    while (2 ** level > range.end - start) level -= 1;
    if (start % 2 ** level !== 0) throw new RangeError(`range [${range.start}, ${range.end}) is not a subtree of the log`);
    pieces.push({ level, index: start / 2 ** level });
    start += 2 ** level;
  }
  return pieces;
}

/** Folds the hashes of a range's pieces (as `perfectPieces` lists them) into its MTH. */
export function foldPieces(hashes: readonly Buffer[]): Buffer {
  let root = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i -= 1) root = hashChildren(hashes[i], root);
  return root;
}

/** The complete subtrees that make `[0, size)`: the frontier an appender extends. */
export function frontierOf(size: number): NodeRef[] {
  return size === 0 ? [] : perfectPieces({ start: 0, end: size });
}

/** In-memory subtree hashes over a list of leaf hashes (tests, the CLI's recomputed log). */
export function inMemorySubtrees(leafHashes: readonly Uint8Array[]): SubtreeHashes {
  return (ranges) => ranges.map((r) => merkleTreeHash(leafHashes, r.start, r.end));
}

/** PATH(leafIndex, D[0:treeSize]) as hashes. */
export async function inclusionProof(leafIndex: number, treeSize: number, subtrees: SubtreeHashes): Promise<Buffer[]> {
  return subtrees(inclusionRanges(leafIndex, treeSize));
}

/** PROOF(first, D[0:second]) as hashes. */
export async function consistencyProof(first: number, second: number, subtrees: SubtreeHashes): Promise<Buffer[]> {
  return subtrees(consistencyRanges(first, second));
}

export { isPowerOfTwo };
