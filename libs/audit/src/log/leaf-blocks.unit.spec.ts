import { createHash } from 'node:crypto';
import { MerkleAccumulator, MerkleNode } from './merkle-accumulator';
import { BLOCK_LEAVES, nodeKey, readsFor, resolveRefs, rowsOf } from './leaf-blocks';
import { perfectPieces } from './merkle-proofs';

const leaf = (i: number) => createHash('sha256').update(`leaf ${i}`).digest();
/** An independent hash of a perfect subtree: pairwise, level by level (RFC 9162 §2.1.1 for 2^k leaves). */
function perfect(leaves: Buffer[]): Buffer {
  let level = leaves;
  while (level.length > 1) {
    level = Array.from({ length: level.length / 2 }, (_, i) => createHash('sha256').update(Buffer.from([1])).update(level[2 * i]).update(level[2 * i + 1]).digest());
  }
  return level[0];
}

/** Grows a tree in the given pages and keeps what a store would: the stored nodes and the blocks. */
function grow(pages: number[]) {
  const acc = new MerkleAccumulator();
  const nodes = new Map<string, Buffer>();
  const blocks = new Map<number, Buffer>();
  for (const count of pages) {
    const size = acc.size;
    const made: MerkleNode[] = Array.from({ length: count }, (_, i) => acc.append(leaf(size + i))).flat();
    const rows = rowsOf(size, made, blocks.get(Math.floor(size / BLOCK_LEAVES)));
    rows.nodes.forEach((n) => nodes.set(nodeKey(n.level, n.index), n.hash));
    rows.blocks.forEach((b) => blocks.set(b.block, b.leaves));
  }
  return { size: acc.size, nodes, blocks };
}

describe('leaf blocks: nodes of level ≥ 4 stored, lower ones re-hashed from 16 leaves a row', () => {
  it('keeps one row a 16 leaves and only the nodes of level 4 and up', () => {
    const { nodes, blocks } = grow([3, 13, 1, 15, 1, 40]);
    expect(blocks.size).toBe(5); // 73 leaves
    expect([...blocks.values()].map((b) => b.length / 32)).toEqual([16, 16, 16, 16, 9]);
    expect([...nodes.keys()].sort()).toEqual(['4:0', '4:1', '4:2', '4:3', '5:0', '5:1', '6:0']);
  });

  it('answers every complete subtree of a 73-leaf tree, at every level, as hashed independently', () => {
    const tree = grow([1, 16, 16, 7, 33]);
    const leaves = Array.from({ length: 73 }, (_, i) => leaf(i));
    for (let level = 0; level <= 6; level += 1) {
      const refs = Array.from({ length: Math.floor(73 / 2 ** level) }, (_, index) => ({ level, index }));
      const hashes = resolveRefs(refs, tree.nodes, tree.blocks);
      refs.forEach((r, i) => expect(hashes[i]).toEqual(perfect(leaves.slice(r.index * 2 ** r.level, (r.index + 1) * 2 ** r.level))));
    }
  });

  it('reads at most two blocks for a root (the pieces below level 4 lie in the last block)', () => {
    const reads = readsFor(perfectPieces({ start: 0, end: 1_000_003 }));
    expect(reads.blocks).toEqual([62_500]);
    expect(reads.nodes.every((r) => r.level >= 4)).toBe(true);
  });

  it('refuses a node past the stored leaves, and a block that does not hold what the size says', () => {
    const tree = grow([20]);
    expect(() => resolveRefs([{ level: 2, index: 5 }], tree.nodes, tree.blocks)).toThrow('no node (level 2, index 5)');
    expect(() => resolveRefs([{ level: 4, index: 1 }], tree.nodes, tree.blocks)).toThrow('no node (level 4, index 1)');
    expect(() => rowsOf(20, [], undefined)).toThrow('block 1 holds 0 leaves, expected 4');
    expect(() => rowsOf(21, [], tree.blocks.get(1))).toThrow('block 1 holds 4 leaves, expected 5');
  });
});
