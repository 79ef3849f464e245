import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigint = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/** A complete subtree of the log: `2^level` leaves from leaf `idx * 2^level` (level 0: the leaves). */
@Entity('audit_merkle_node')
export class MerkleNodeRow {
  @PrimaryColumn('int') level: number;
  @PrimaryColumn('bigint', { transformer: bigint }) idx: number;
  /** SHA-256, lower-case hex. */
  @Column('varchar', { length: 64 }) hash: string;
}

/** The number of leaves the stored tree covers; its row is also the single writer's lock. */
@Entity('audit_merkle_state')
export class MerkleStateRow {
  @PrimaryColumn('varchar', { length: 32 }) id: string;
  @Column('bigint', { transformer: bigint }) size: number;
}

/** A signed checkpoint (C2SP tlog-checkpoint note), one a tree size. */
@Entity('audit_checkpoint')
export class CheckpointRow {
  @PrimaryColumn('bigint', { name: 'tree_size', transformer: bigint }) treeSize: number;
  @Column('varchar', { name: 'root_hash', length: 64 }) rootHash: string;
  @Column('text') note: string;
  @Column('varchar', { name: 'issued_at', length: 40 }) issuedAt: string;
}

/** The audit log's tables, kept in the read-model database but apart from the rebuildable read models. */
export const AUDIT_LOG_ENTITIES = [MerkleNodeRow, MerkleStateRow, CheckpointRow];
