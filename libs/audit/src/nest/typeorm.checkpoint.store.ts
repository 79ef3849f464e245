import type { DataSource } from 'typeorm';
import { CheckpointStore, StoredCheckpoint } from '../checkpoint/checkpoint.store';
import { CheckpointRow } from './audit-log.entities';

/** The checkpoints in the `audit_checkpoint` table. */
export class TypeormCheckpointStore extends CheckpointStore {
  constructor(private readonly db: DataSource) {
    super();
  }

  async latest(): Promise<StoredCheckpoint | undefined> {
    const [row] = await this.db.getRepository(CheckpointRow).find({ order: { treeSize: 'DESC' }, take: 1 });
    return row && fromRow(row);
  }

  async save(checkpoint: StoredCheckpoint): Promise<StoredCheckpoint> {
    const repository = this.db.getRepository(CheckpointRow);
    await repository.createQueryBuilder().insert().values({
      treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash.toString('hex'), note: checkpoint.note, issuedAt: checkpoint.issuedAt,
    }).orIgnore().execute();
    const kept = await repository.findOneByOrFail({ treeSize: checkpoint.treeSize });
    return fromRow(kept);
  }
}

function fromRow(row: CheckpointRow): StoredCheckpoint {
  return { treeSize: row.treeSize, rootHash: Buffer.from(row.rootHash, 'hex'), note: row.note, issuedAt: row.issuedAt };
}
