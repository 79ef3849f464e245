import type { DataSource, EntityManager } from 'typeorm';
import { CheckpointRow } from './read-model.entities';

/** The one checkpoint all read models share (issue 10 gives each fold its own). */
export const CHECKPOINT = 'read-models';

/** Creates the checkpoint row at 0 if there is none yet. */
export async function ensureCheckpoint(db: DataSource): Promise<void> {
  await db.getRepository(CheckpointRow).createQueryBuilder().insert().values({ name: CHECKPOINT, position: 0 }).orIgnore().execute();
}

/** The position the read models include, as stored. */
export async function readCheckpoint(db: DataSource | EntityManager): Promise<number> {
  const row = await db.getRepository(CheckpointRow).findOneBy({ name: CHECKPOINT });
  return row?.position ?? 0;
}

/**
 * Locks the checkpoint row for the rest of `manager`'s transaction and returns its
 * position: projectors of several processes (and a retry of parked events) take turns.
 */
export async function lockCheckpoint(manager: EntityManager): Promise<number> {
  const checkpoints = manager.getRepository(CheckpointRow);
  await checkpoints.createQueryBuilder().update().set({ position: () => 'position' }).where('name = :name', { name: CHECKPOINT }).execute();
  return readCheckpoint(manager);
}

/** Moves the checkpoint to `position` on `manager`'s transaction. */
export async function saveCheckpoint(manager: EntityManager, position: number): Promise<void> {
  await manager.getRepository(CheckpointRow).update({ name: CHECKPOINT }, { position });
}
