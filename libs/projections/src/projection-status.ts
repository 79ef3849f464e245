import type { DataSource } from 'typeorm';
import { readCheckpoint } from './checkpoint';
import { parkedCounts } from './parked-events';
import { PROJECTIONS } from './projections.registry';

/** The read models' state for `/health` and `/metrics`, as their database holds it. */
export interface ProjectionStatus {
  /** The position every read model includes (the lowest of their checkpoints). */
  checkpoint: number;
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
  const names = PROJECTIONS.map((p) => p.name);
  const [checkpoint, parkedByProjection] = await Promise.all([readCheckpoint(db, names), parkedCounts(db)]);
  const parked = Object.values(parkedByProjection).reduce((sum, count) => sum + count, 0);
  return { checkpoint, head, lag: Math.max(0, head - checkpoint), parked, parkedByProjection };
}
