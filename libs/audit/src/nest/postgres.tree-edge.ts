import type { DataSource } from 'typeorm';
import { BLOCK_LEAVES, LeafBlock, nodeKey } from '../log/leaf-blocks';
import type { MerkleNode } from '../log/merkle-accumulator';
import { NodeRef, frontierOf } from '../log/merkle-proofs';
import { table } from './audit-sql';
import { BLOCKS, NODES, STATE, STATE_ID } from './merkle-tables';

/**
 * The edge of the stored tree as this process last wrote (or read) it: its size, the hashes
 * of its frontier and the leaves of its last block when partly filled. All the next growth
 * needs: on PostgreSQL the tree's writer keeps it, so a growth is one statement (below)
 * instead of a transaction of seven round trips, each costing the server and the tree's
 * thread more CPU than the events it carried (docs/benchmarks.md, audit, session 6).
 */
export interface TreeEdge {
  size: number;
  frontier: ReadonlyMap<string, Buffer>;
  /** The leaves of block `size / 16` when it is partly filled (undefined when `size` fills its block). */
  tail?: Buffer;
}

/** The edge at `size` from the frontier's hashes (in `frontierOf(size)` order) and the last block. */
export function edgeOf(size: number, hashes: readonly Buffer[], tail: Buffer | undefined): TreeEdge {
  const frontier = new Map(frontierOf(size).map((ref, i) => [nodeKey(ref.level, ref.index), hashes[i]] as const));
  return { size, frontier, tail: size % BLOCK_LEAVES === 0 ? undefined : tail };
}

/** The hashes of `refs` when the edge holds them all (a growth asks for the frontier alone). */
export function readEdge(edge: TreeEdge, refs: readonly NodeRef[]): Buffer[] | undefined {
  const hashes = refs.map((ref) => edge.frontier.get(nodeKey(ref.level, ref.index)));
  return hashes.every((hash) => hash !== undefined) ? (hashes as Buffer[]) : undefined;
}

/** The edge after a growth from `edge` that completed `nodes` and wrote `blocks`. */
export function edgeAfter(edge: TreeEdge, size: number, nodes: readonly MerkleNode[], blocks: readonly LeafBlock[]): TreeEdge {
  // A frontier node is the last one of its level: made by this growth, or on the edge before it.
  const last: MerkleNode[] = [];
  for (const node of nodes) last[node.level] = node;
  const frontier = new Map<string, Buffer>();
  for (const ref of frontierOf(size)) {
    const key = nodeKey(ref.level, ref.index);
    const made = last[ref.level];
    const hash = made?.index === ref.index ? made.hash : edge.frontier.get(key);
    if (hash) frontier.set(key, hash);
  }
  const tail = blocks.find((block) => block.block === Math.floor(size / BLOCK_LEAVES))?.leaves;
  return { size, frontier, tail: size % BLOCK_LEAVES === 0 ? undefined : tail };
}

/**
 * Stores a growth from `from` to `to` leaves in one statement, so in one implicit transaction:
 * the size moves only if it still is `from` (a row lock: a second writer waits, then finds it
 * moved and writes nothing), and the nodes and blocks are written only if it moved. False when
 * another writer grew the tree first.
 */
export async function writeGrowthIf(db: DataSource, from: number, to: number, nodes: readonly MerkleNode[], blocks: readonly LeafBlock[]): Promise<boolean> {
  const rows: { grown: number }[] = await db.query(
    `WITH grown AS (UPDATE ${table(db, STATE)} SET size = $1 WHERE id = $2 AND size = $3 RETURNING size),
          nodes AS (INSERT INTO ${table(db, NODES)} (level, idx, hash)
                    SELECT n.level, n.idx, n.hash FROM unnest($4::integer[], $5::bigint[], $6::bytea[]) AS n (level, idx, hash) CROSS JOIN grown),
          blocks AS (INSERT INTO ${table(db, BLOCKS)} (block, leaves)
                     SELECT b.block, b.leaves FROM unnest($7::bigint[], $8::bytea[]) AS b (block, leaves) CROSS JOIN grown
                     ON CONFLICT (block) DO UPDATE SET leaves = excluded.leaves)
     SELECT count(*)::integer AS grown FROM grown`,
    [to, STATE_ID, from, nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash),
      blocks.map((b) => b.block), blocks.map((b) => b.leaves)],
  );
  return rows[0]?.grown === 1;
}
