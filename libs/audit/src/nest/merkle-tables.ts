import type { DataSource } from 'typeorm';
import { bytesType, ph, table } from './audit-sql';

/** Complete subtrees of level ≥ 4, hashes as 32 raw bytes. */
export const NODES = 'audit_merkle_node2';
/** The leaves, 16 a row (log/leaf-blocks.ts). */
export const BLOCKS = 'audit_merkle_leaves';
/** The tree's size row, also the single writer's lock (an entity: MerkleStateRow). */
export const STATE = 'audit_merkle_state';
export const STATE_ID = 'log';
/** The first layout: every node of every level, hashes as hex text. */
const LEGACY_NODES = 'audit_merkle_node';

/**
 * Creates the tree's tables (raw DDL: bytes are `bytea` on PostgreSQL, `blob` on SQLite,
 * which one entity cannot say) and the size row. A tree stored in the first layout is
 * dropped and the size set back to 0: the follower rebuilds it from the events, with the
 * same roots, so checkpoints signed over the old tables still verify.
 */
export async function createTreeTables(db: DataSource): Promise<void> {
  const legacy = await hasTable(db, LEGACY_NODES);
  await db.query(`CREATE TABLE IF NOT EXISTS ${table(db, NODES)} (level integer NOT NULL, idx bigint NOT NULL, hash ${bytesType(db)} NOT NULL, PRIMARY KEY (level, idx))`);
  await db.query(`CREATE TABLE IF NOT EXISTS ${table(db, BLOCKS)} (block bigint NOT NULL PRIMARY KEY, leaves ${bytesType(db)} NOT NULL)`);
  await db.query(`INSERT INTO ${table(db, STATE)} (id, size) VALUES (${ph(db, 1)}, 0) ON CONFLICT (id) DO NOTHING`, [STATE_ID]);
  if (!legacy) return;
  await db.transaction(async (manager) => {
    await manager.query(`UPDATE ${table(db, STATE)} SET size = 0 WHERE id = ${ph(db, 1)}`, [STATE_ID]);
    await manager.query(`DELETE FROM ${table(db, NODES)}`);
    await manager.query(`DELETE FROM ${table(db, BLOCKS)}`);
    await manager.query(`DROP TABLE IF EXISTS ${table(db, LEGACY_NODES)}`);
  });
}

async function hasTable(db: DataSource, name: string): Promise<boolean> {
  if (db.options.type !== 'postgres') {
    return (await db.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`, [name])).length > 0;
  }
  const rows = await db.query(
    `SELECT 1 FROM information_schema.tables WHERE table_schema = COALESCE($1::text, current_schema()) AND table_name = $2`,
    [db.options.schema ?? null, name],
  );
  return rows.length > 0;
}
