import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigint = { to: (v: number) => v, from: (v: string | number) => Number(v) };

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

/** The audit log's tables (the tree's nodes and leaves: raw DDL in merkle-tables.ts), kept in the read-model database but apart from the rebuildable read models. */
export const AUDIT_LOG_ENTITIES = [MerkleStateRow, CheckpointRow];
