import { In, type DataSource, type EntityManager } from 'typeorm';
import { CheckpointRow } from './read-model.entities';

/** The one checkpoint all read models shared before each had its own; its position seeds theirs. */
export const LEGACY_CHECKPOINT = 'read-models';

/**
 * Creates a checkpoint row for each of `names` that has none: at the shared checkpoint's
 * position when an older version left one (then removed), else at 0, so a new projection
 * catches up from the start. Statement by statement, each safe to repeat: several processes
 * may do it at once, and one that stops half way is finished by the next start.
 */
export async function ensureCheckpoints(db: DataSource, names: readonly string[]): Promise<void> {
  const checkpoints = db.getRepository(CheckpointRow);
  const legacy = await checkpoints.findOneBy({ name: LEGACY_CHECKPOINT });
  const rows = names.map((name) => ({ name, position: legacy?.position ?? 0 }));
  if (rows.length > 0) await checkpoints.createQueryBuilder().insert().values(rows).orIgnore().execute();
  if (legacy) await checkpoints.delete({ name: LEGACY_CHECKPOINT });
}

/** Each projection's checkpoint, as stored (those of `names`, or all). */
export async function readCheckpoints(db: DataSource | EntityManager, names?: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.getRepository(CheckpointRow).findBy(names ? { name: In([...names]) } : {});
  return new Map(rows.map((row) => [row.name, row.position]));
}

/** The position every projection (of `names`, or all) includes: the lowest checkpoint, 0 if none. */
export async function readCheckpoint(db: DataSource | EntityManager, names?: readonly string[]): Promise<number> {
  const positions = [...(await readCheckpoints(db, names)).values()];
  return positions.length === 0 ? 0 : Math.min(...positions);
}

/**
 * Locks the checkpoint rows of `names` for the rest of `manager`'s transaction, in name
 * order (two processes never wait on each other crosswise), and returns their positions:
 * projectors of several processes, a rebuild and a retry of parked events take turns.
 */
export async function lockCheckpoints(manager: EntityManager, names: readonly string[]): Promise<Map<string, number>> {
  const checkpoints = manager.getRepository(CheckpointRow);
  for (const name of [...names].sort()) {
    await checkpoints.createQueryBuilder().update().set({ position: () => 'position' }).where('name = :name', { name }).execute();
  }
  return readCheckpoints(manager, names);
}

/** Moves the checkpoints of `names` to `position` on `manager`'s transaction. */
export async function saveCheckpoints(manager: EntityManager, names: readonly string[], position: number): Promise<void> {
  if (names.length > 0) await manager.getRepository(CheckpointRow).update({ name: In([...names]) }, { position });
}
