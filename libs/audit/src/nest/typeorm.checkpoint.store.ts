import type { DataSource } from 'typeorm';
import { CheckpointStore, StoredCheckpoint } from '../checkpoint/checkpoint.store';
import { ph, table } from './audit-sql';

const CHECKPOINTS = 'audit_checkpoint';
const COLUMNS = 'tree_size, root_hash, note, issued_at';

interface Stored {
  tree_size: string | number;
  root_hash: string;
  note: string;
  issued_at: string;
}

/**
 * The checkpoints in the `audit_checkpoint` table (entity CheckpointRow), by plain SQL: the
 * follower issues one every `CONSULT_CHECKPOINT_EVERY` events, beside the appends, and the
 * query builder cost more CPU than the statements themselves.
 */
export class TypeormCheckpointStore extends CheckpointStore {
  constructor(private readonly db: DataSource) {
    super();
  }

  async latest(): Promise<StoredCheckpoint | undefined> {
    const [row]: Stored[] = await this.db.query(`SELECT ${COLUMNS} FROM ${table(this.db, CHECKPOINTS)} ORDER BY tree_size DESC LIMIT 1`);
    return row && fromRow(row);
  }

  /** One statement when the size is new; a second reads the one kept when another writer got there first. */
  async save(checkpoint: StoredCheckpoint): Promise<StoredCheckpoint> {
    const db = this.db;
    const inserted: Stored[] = await db.query(
      `INSERT INTO ${table(db, CHECKPOINTS)} (${COLUMNS}) VALUES (${[1, 2, 3, 4].map((n) => ph(db, n)).join(', ')})`
        + ` ON CONFLICT (tree_size) DO NOTHING RETURNING ${COLUMNS}`,
      [checkpoint.treeSize, checkpoint.rootHash.toString('hex'), checkpoint.note, checkpoint.issuedAt],
    );
    if (inserted.length > 0) return fromRow(inserted[0]);
    const [kept]: Stored[] = await db.query(`SELECT ${COLUMNS} FROM ${table(db, CHECKPOINTS)} WHERE tree_size = ${ph(db, 1)}`, [checkpoint.treeSize]);
    if (!kept) throw new Error(`the checkpoint of tree size ${checkpoint.treeSize} was neither inserted nor found`);
    return fromRow(kept);
  }
}

function fromRow(row: Stored): StoredCheckpoint {
  return { treeSize: Number(row.tree_size), rootHash: Buffer.from(row.root_hash, 'hex'), note: row.note, issuedAt: row.issued_at };
}
