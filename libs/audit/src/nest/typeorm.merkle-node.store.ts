import type { DataSource, EntityManager } from 'typeorm';
import type { MerkleNode } from '../log/merkle-accumulator';
import type { NodeRef } from '../log/merkle-proofs';
import { MerkleNodeStore, TreeExtension, TreeGrowth } from '../log/merkle-node.store';

const STATE_ID = 'log';
const STATE = 'audit_merkle_state';
const NODES = 'audit_merkle_node';
/** Rows per INSERT: 3 parameters each, well under SQLite's and PostgreSQL's limits. */
const ROWS_PER_INSERT = 500;

/** Creates the size row (at 0) the writer locks, if there is none yet. */
export async function ensureTreeState(db: DataSource): Promise<void> {
  await db.query(`INSERT INTO ${table(db, STATE)} (id, size) VALUES (${ph(db, 1)}, 0) ON CONFLICT (id) DO NOTHING`, [STATE_ID]);
}

/** The tree's complete subtrees in the `audit_merkle_node` table, keyed (level, idx). */
export class TypeormMerkleNodeStore extends MerkleNodeStore {
  constructor(private readonly db: DataSource) {
    super();
  }

  async size(): Promise<number> {
    return readSize(this.db.manager);
  }

  read(refs: readonly NodeRef[]): Promise<Buffer[]> {
    return readNodes(this.db.manager, refs);
  }

  async extend(grow: (tree: TreeExtension) => Promise<TreeGrowth | undefined>): Promise<number> {
    return this.db.transaction(async (manager) => {
      // A no-op write first: the row lock on PostgreSQL, the write lock on SQLite, before reading the size.
      await manager.query(`UPDATE ${table(this.db, STATE)} SET size = size WHERE id = ${ph(this.db, 1)}`, [STATE_ID]);
      const size = await readSize(manager);
      const growth = await grow({ size, read: (refs) => readNodes(manager, refs) });
      if (!growth || growth.size <= size) return size;
      await insertNodes(manager, growth.nodes);
      await manager.query(`UPDATE ${table(this.db, STATE)} SET size = ${ph(this.db, 1)} WHERE id = ${ph(this.db, 2)}`, [growth.size, STATE_ID]);
      return growth.size;
    });
  }
}

async function readSize(manager: EntityManager): Promise<number> {
  const rows: { size: string | number }[] = await manager.query(`SELECT size FROM ${table(manager.connection, STATE)} WHERE id = ${ph(manager.connection, 1)}`, [STATE_ID]);
  return Number(rows[0]?.size ?? 0);
}

/** One query for all the nodes a root or a proof needs. */
async function readNodes(manager: EntityManager, refs: readonly NodeRef[]): Promise<Buffer[]> {
  if (refs.length === 0) return [];
  const unique = [...new Map(refs.map((r) => [`${r.level}:${r.index}`, r])).values()];
  const where = unique.map((_, i) => `(level = ${ph(manager.connection, 2 * i + 1)} AND idx = ${ph(manager.connection, 2 * i + 2)})`).join(' OR ');
  const rows: { level: number; idx: string | number; hash: string }[] = await manager.query(
    `SELECT level, idx, hash FROM ${table(manager.connection, NODES)} WHERE ${where}`, unique.flatMap((r) => [r.level, r.index]),
  );
  const found = new Map(rows.map((row) => [`${row.level}:${Number(row.idx)}`, row.hash]));
  return refs.map((r) => {
    const hash = found.get(`${r.level}:${r.index}`);
    if (hash === undefined) throw new Error(`the audit log has no node (level ${r.level}, index ${r.index})`);
    return Buffer.from(hash, 'hex');
  });
}

/** Multi-row INSERTs: the tree gains about two rows an event. */
export async function insertNodes(manager: EntityManager, nodes: readonly MerkleNode[]): Promise<void> {
  for (let at = 0; at < nodes.length; at += ROWS_PER_INSERT) {
    const chunk = nodes.slice(at, at + ROWS_PER_INSERT);
    const values = chunk.map((_, i) => `(${ph(manager.connection, 3 * i + 1)}, ${ph(manager.connection, 3 * i + 2)}, ${ph(manager.connection, 3 * i + 3)})`);
    await manager.query(`INSERT INTO ${table(manager.connection, NODES)} (level, idx, hash) VALUES ${values.join(', ')}`,
      chunk.flatMap((n) => [n.level, n.index, n.hash.toString('hex')]));
  }
}

/** A table of ours, in the configured PostgreSQL schema (raw queries get no default schema from TypeORM). */
function table(db: DataSource, name: string): string {
  const schema = db.options.type === 'postgres' ? db.options.schema : undefined;
  return schema ? `"${schema}"."${name}"` : `"${name}"`;
}

/** The n-th (1-based) query parameter in the connection's dialect. */
function ph(db: DataSource, n: number): string {
  return db.options.type === 'postgres' ? `$${n}` : '?';
}
