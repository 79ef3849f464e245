import type { DataSource } from 'typeorm';
import { readCheckpoints } from './checkpoint';
import { parkedCounts } from './parked-events';

/** The read models' state for `/health` and `/metrics`, as their database holds it. */
export interface ProjectionStatus {
  /** The position every read model includes (the lowest of their checkpoints). */
  checkpoint: number;
  /** Each projection's checkpoint, by name. */
  checkpoints?: Record<string, number>;
  /** The event store's head position. */
  head: number;
  /** Events stored but not yet in the read models. */
  lag: number;
  /** Events parked, over all projections. */
  parked: number;
  /** Events parked, by projection name (projections without any are absent). */
  parkedByProjection: Record<string, number>;
}

/** Reads the checkpoint and the parked events; `head` is the store's head position. */
export async function projectionStatus(db: DataSource, head: number): Promise<ProjectionStatus> {
  const [stored, parkedByProjection] = await Promise.all([readCheckpoints(db), parkedCounts(db)]);
  const checkpoints = Object.fromEntries(stored);
  const checkpoint = stored.size === 0 ? 0 : Math.min(...stored.values());
  const parked = Object.values(parkedByProjection).reduce((sum, count) => sum + count, 0);
  return { checkpoint, checkpoints, head, lag: Math.max(0, head - checkpoint), parked, parkedByProjection };
}
