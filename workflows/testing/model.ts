import type { StatePath } from '@xstate/graph';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { applyEvent, launchSnapshot } from '../replay';
import type { DomainEvent, LaunchData, WorkflowDefinition } from '../workflow-definition';

/** Every top-level state the machine declares. */
export const declaredStates = (def: WorkflowDefinition): string[] => Object.keys(def.machine.root.states);

/**
 * Replays a path the graph found through the pure `transition()` from the launch input,
 * as the engine does, and returns the state after each step. Throws if a step is refused.
 */
export function replayPath(def: WorkflowDefinition, launch: LaunchData, path: StatePath<AnyMachineSnapshot, EventObject>) {
  let snapshot = launchSnapshot(def, launch);
  const seen: unknown[] = [snapshot.value];
  for (const step of path.steps) {
    if (step.event.type === 'xstate.init') continue; // the graph's first step is the machine starting
    const next = applyEvent(def, snapshot, step.event as unknown as DomainEvent);
    if (!next.accepted) throw new Error(`${step.event.type} refused in ${JSON.stringify(snapshot.value)}`);
    snapshot = next.snapshot;
    seen.push(snapshot.value);
  }
  return { snapshot, seen, expected: [launchSnapshot(def, launch).value, ...path.steps.filter((s) => s.event.type !== 'xstate.init').map((s) => s.state.value)] };
}
