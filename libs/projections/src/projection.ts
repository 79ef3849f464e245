import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { StoredEvent } from '@consult/event-store';
import type { AnyMachineSnapshot } from 'xstate';
import { launchSnapshot, type ConsultationSummary, type LaunchData, type WorkflowDefinition } from '@consult/workflows';

/**
 * The state a consultation reached with an event, as the workflow's replay sees it:
 * the workflow's `summary` (or its whole `view`, which includes it).
 */
export interface ReplayedState {
  view: ConsultationSummary;
  launch: LaunchData;
  /**
   * The workflow version the consultation runs, and the state the event left (for deadlines,
   * meetings, ...): its value, context and status, which views read; for a foldable workflow
   * the machine fold's state (workflows/fold), not a snapshot to step or ask `can()`.
   */
  definition: WorkflowDefinition;
  snapshot: AnyMachineSnapshot;
}

/** Replays a consultation event through its workflow (given by the consultation module). */
export type Replayer = (event: StoredEvent) => Promise<ReplayedState>;

/** What a projection may use besides the events: the workflow's replay (the machine is the rulebook). */
export interface ProjectionContext {
  replay: Replayer;
}

/**
 * One read model: a fold of the events it handles, with its own checkpoint (a row named
 * `name`) and its own parked events. The generic `Projector` runs every registered one;
 * adding one never edits the projector.
 */
export interface Projection {
  readonly name: string;
  /**
   * Whether it folds `event`. A predicate rather than a list of types: the summary folds
   * every event of a consultation stream, whose types each workflow version defines.
   */
  handles(event: StoredEvent): boolean;
  /** The tables it alone writes: a rebuild of it empties them. */
  readonly tables: readonly EntityTarget<ObjectLiteral>[];
  /** Folds `events` (in store order, each one it handles) in memory and writes the result on `manager`. */
  evolve(manager: EntityManager, events: StoredEvent[], context: ProjectionContext): Promise<void>;
}

/** The state a consultation is in right after `launch` (its first event), as a replay gives it. */
export function launchedState(launch: LaunchData, definition: WorkflowDefinition): ReplayedState {
  const snapshot = launchSnapshot(definition, launch);
  return { view: definition.summary(snapshot), launch, definition, snapshot };
}
