import type { DataSource, EntityManager } from 'typeorm';
import { BLOCK_LEAVES, LeafBlock, nodeKey, readsFor, resolveRefs, rowsOf } from '../log/leaf-blocks';
import type { MerkleNode } from '../log/merkle-accumulator';
import { NodeRef, frontierOf } from '../log/merkle-proofs';
import { MerkleNodeStore, TreeExtension, TreeGrowth } from '../log/merkle-node.store';
import { ph, table } from './audit-sql';
import { BLOCKS, NODES, STATE, STATE_ID } from './merkle-tables';
import { TreeEdge, edgeAfter, edgeOf, readEdge, writeGrowthIf } from './postgres.tree-edge';

/** Rows per INSERT: 3 parameters each, under SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const ROWS_PER_INSERT = 1000;
/** Growths tried against a kept edge before taking the lock: another writer is growing the tree too. */
const OPTIMISTIC_TRIES = 3;

/**
 * The tree in `audit_merkle_node2` (complete subtrees of level ≥ 4, keyed (level, idx)) and
 * `audit_merkle_leaves` (the leaves, 16 a row); lower nodes are re-hashed from their block.
 * SQLite grows it in a locked transaction; PostgreSQL in one statement from the edge this
 * store kept (postgres.tree-edge.ts), and in a locked transaction when writers contend.
 */
export class TypeormMerkleNodeStore extends MerkleNodeStore {
  /** PostgreSQL: the tree's edge as this store last wrote or read it (see postgres.tree-edge.ts). */
  private edge?: TreeEdge;

  constructor(private readonly db: DataSource) {
    super();
  }

  async size(): Promise<number> {
    return readSize(this.db.manager);
  }

  async read(refs: readonly NodeRef[]): Promise<Buffer[]> {
    return refs.length === 0 ? [] : (await readNodes(this.db.manager, refs)).hashes;
  }

  async extend(grow: (tree: TreeExtension) => Promise<TreeGrowth | undefined>): Promise<number> {
    if (this.db.options.type !== 'postgres') return this.extendLocked(grow);
    for (let tries = 0; tries < OPTIMISTIC_TRIES; tries += 1) {
      const kept = this.edge;
      this.edge = undefined;
      const edge = kept ?? await this.readEdge();
      // Another writer may have grown the tree past a kept edge, so that `grow` refuses it: read it again.
      const growth = await grow({ size: edge.size, read: async (refs) => readEdge(edge, refs) ?? this.read(refs) })
        .catch((error: unknown) => { if (kept) return null; throw error; });
      if (growth === null) continue;
      if (!growth || growth.size <= edge.size) return (this.edge = edge).size;
      const rows = rowsOf(edge.size, growth.nodes, edge.tail);
      if (await writeGrowthIf(this.db, edge.size, growth.size, rows.nodes, rows.blocks)) {
        this.edge = edgeAfter(edge, growth.size, growth.nodes, rows.blocks);
        return growth.size;
      }
    }
    return this.extendLocked(grow);
  }

  /** The edge as stored now: two reads, on the first growth and after another writer's. */
  private async readEdge(): Promise<TreeEdge> {
    const size = await readSize(this.db.manager);
    const tail = size % BLOCK_LEAVES === 0 ? undefined : Math.floor(size / BLOCK_LEAVES);
    const found = await readNodes(this.db.manager, frontierOf(size), tail);
    return edgeOf(size, found.hashes, tail === undefined ? undefined : found.blocks.get(tail));
  }

  /** Grows the tree in a transaction holding the writer's lock: SQLite, and PostgreSQL when writers contend. */
  private async extendLocked(grow: (tree: TreeExtension) => Promise<TreeGrowth | undefined>): Promise<number> {
    return this.db.transaction(async (manager) => {
      const size = await lockedSize(manager);
      // The last block, if partly filled, comes with the first read (the frontier): one query fewer.
      const tail = size % BLOCK_LEAVES === 0 ? undefined : Math.floor(size / BLOCK_LEAVES);
      let held: Buffer | undefined;
      let heldRead = tail === undefined;
      const read = async (refs: readonly NodeRef[]) => {
        const found = await readNodes(manager, refs, heldRead ? undefined : tail);
        if (!heldRead) [held, heldRead] = [found.blocks.get(tail!), true];
        return found.hashes;
      };
      const growth = await grow({ size, read });
      if (!growth || growth.size <= size) return size;
      if (!heldRead) held = (await readRows(manager, [], [tail!])).blocks.get(tail!);
      const rows = rowsOf(size, growth.nodes, held);
      await insertNodes(manager, rows.nodes);
      await upsertBlocks(manager, rows.blocks);
      await manager.query(`UPDATE ${table(this.db, STATE)} SET size = ${ph(this.db, 1)} WHERE id = ${ph(this.db, 2)}`, [growth.size, STATE_ID]);
      return growth.size;
    });
  }
}

/**
 * The size, read under the single writer's lock: a row lock on PostgreSQL; on SQLite a no-op
 * write, which takes the write lock, answering the size in the same statement.
 */
async function lockedSize(manager: EntityManager): Promise<number> {
  const db = manager.connection;
  const sql = db.options.type === 'postgres'
    ? `SELECT size FROM ${table(db, STATE)} WHERE id = $1 FOR UPDATE`
    : `UPDATE ${table(db, STATE)} SET size = size WHERE id = ? RETURNING size`;
  const rows: { size: string | number }[] = await manager.query(sql, [STATE_ID]);
  return Number(rows[0]?.size ?? 0);
}

async function readSize(manager: EntityManager): Promise<number> {
  const rows: { size: string | number }[] = await manager.query(`SELECT size FROM ${table(manager.connection, STATE)} WHERE id = ${ph(manager.connection, 1)}`, [STATE_ID]);
  return Number(rows[0]?.size ?? 0);
}

/** One query for all the nodes and blocks a root or a proof needs (and the block `also`, if named). */
async function readNodes(manager: EntityManager, refs: readonly NodeRef[], also?: number) {
  const { nodes, blocks } = readsFor(refs);
  if (also !== undefined && !blocks.includes(also)) blocks.push(also);
  const found = await readRows(manager, nodes, blocks);
  return { hashes: resolveRefs(refs, found.nodes, found.blocks), blocks: found.blocks };
}

/** Stored nodes and blocks in one round trip (a UNION ALL; level -1 marks a block). */
async function readRows(manager: EntityManager, nodes: readonly NodeRef[], blocks: readonly number[]) {
  const db = manager.connection;
  const parts: string[] = [];
  const params: number[] = [];
  const param = (value: number) => (params.push(value), ph(db, params.length));
  if (nodes.length > 0) {
    const where = nodes.map((r) => `(level = ${param(r.level)} AND idx = ${param(r.index)})`).join(' OR ');
    parts.push(`SELECT level, idx, hash FROM ${table(db, NODES)} WHERE ${where}`);
  }
  if (blocks.length > 0) {
    parts.push(`SELECT -1 AS level, block AS idx, leaves AS hash FROM ${table(db, BLOCKS)} WHERE block IN (${blocks.map(param).join(', ')})`);
  }
  const rows: { level: number; idx: string | number; hash: Buffer }[] = parts.length === 0 ? [] : await manager.query(parts.join(' UNION ALL '), params);
  const found = { nodes: new Map<string, Buffer>(), blocks: new Map<number, Buffer>() };
  for (const row of rows) {
    if (Number(row.level) < 0) found.blocks.set(Number(row.idx), Buffer.from(row.hash));
    else found.nodes.set(nodeKey(Number(row.level), Number(row.idx)), Buffer.from(row.hash));
  }
  return found;
}

/** Multi-row INSERTs of the completed nodes of level ≥ 4: about one row in eight events. */
export async function insertNodes(manager: EntityManager, nodes: readonly MerkleNode[]): Promise<void> {
  await inserts(manager, `INSERT INTO ${table(manager.connection, NODES)} (level, idx, hash)`, nodes.map((n) => [n.level, n.index, n.hash]), '');
}

/** The touched blocks; the first may have been stored partly filled, so each one is replaced. */
async function upsertBlocks(manager: EntityManager, blocks: readonly LeafBlock[]): Promise<void> {
  await inserts(manager, `INSERT INTO ${table(manager.connection, BLOCKS)} (block, leaves)`, blocks.map((b) => [b.block, b.leaves]),
    ' ON CONFLICT (block) DO UPDATE SET leaves = excluded.leaves');
}

async function inserts(manager: EntityManager, into: string, rows: readonly (number | Buffer)[][], suffix: string): Promise<void> {
  const db = manager.connection;
  for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
    const chunk = rows.slice(at, at + ROWS_PER_INSERT);
    let n = 0;
    const values = chunk.map((row) => `(${row.map(() => ph(db, (n += 1))).join(', ')})`);
    await manager.query(`${into} VALUES ${values.join(', ')}${suffix}`, chunk.flat());
  }
}
