import { type AnyMachineSnapshot, type AnyStateMachine, createActor } from 'xstate';
import { EventRefused } from './shared/errors';
import type { DomainEvent, LaunchData, WorkflowDefinition } from './workflow-definition';

/** The snapshot right after `ConsultationLaunched`: the machine started with the launch data as input. */
export function launchSnapshot(def: WorkflowDefinition, launchData: LaunchData): AnyMachineSnapshot {
  const { machine } = def;
  const quiet = quietInitialState(machine);
  if (quiet !== undefined) {
    try {
      return machine.resolveState({ value: quiet, context: initialContext(machine, launchData) }) as AnyMachineSnapshot;
    } catch {
      // A context factory that throws or spawns: getInitialSnapshot makes the error snapshot or the child.
    }
  }
  // What getInitialSnapshot(machine, input) does, on the machine's reused inert scope.
  return machine.getInitialSnapshot(inertScope(machine), launchData) as AnyMachineSnapshot;
}

const quietStates = new WeakMap<AnyStateMachine, string | null>();

/**
 * The machine's initial state when starting it does nothing but build the context from
 * the input: a flat machine whose root and initial state have no entry actions, invocations
 * or eventless transitions. Its initial snapshot is then exactly `resolveState` of that state
 * with the factory's context, which costs a quarter of getInitialSnapshot's microsteps
 * (a third of a three-event consultation's replay).
 */
function quietInitialState(machine: AnyStateMachine): string | undefined {
  if (!quietStates.has(machine)) {
    const { root } = machine;
    const [target, ...more] = root.initial?.target ?? [];
    const quiet = (node: typeof root) => node.entry.length === 0 && node.invoke.length === 0 && !node.always;
    const flat = root.type === 'compound' && target?.type === 'atomic' && more.length === 0 && root.initial.actions.length === 0;
    quietStates.set(machine, flat && quiet(root) && quiet(target) ? target.key : null);
  }
  return quietStates.get(machine) ?? undefined;
}

/** The machine's own context for the input, as its pre-initial `assign` copies it. */
function initialContext(machine: AnyStateMachine, input: LaunchData): Record<string, unknown> {
  const factory = machine.config.context;
  if (typeof factory !== 'function') return factory ?? {};
  const spawn = () => {
    throw new Error('a context factory that spawns needs getInitialSnapshot');
  };
  return { ...factory({ input, self: inertScope(machine).self, spawn } as never) };
}

type ActorScope = Parameters<AnyStateMachine['transition']>[2];
const scopes = new WeakMap<AnyStateMachine, ActorScope>();

/**
 * The inert actor scope xstate's pure `transition(machine, snapshot, event)` builds on
 * every call (an actor, its initial snapshot, a system), made once per machine. Actions
 * other than `assign` are never executed, exactly as with `transition()`; building the
 * scope was two thirds of a replay step.
 */
function inertScope(machine: AnyStateMachine): ActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    const noop = () => undefined;
    scope = { self, defer: noop, id: '', logger: noop, sessionId: '', stopChild: noop, system: self.system, emit: noop, actionExecutor: noop } as unknown as ActorScope;
    scopes.set(machine, scope);
  }
  return scope;
}

/** What stepping needs of a workflow: its machine and how a stored event becomes a machine event. */
export type Rulebook = Pick<WorkflowDefinition, 'machine' | 'toMachineEvent'>;

/** One pure step; `accepted` is false when the machine refused it (the identical snapshot came back). */
export function applyEvent(
  def: Rulebook, snapshot: AnyMachineSnapshot, event: DomainEvent,
): { snapshot: AnyMachineSnapshot; accepted: boolean } {
  const next = def.machine.transition(snapshot, def.toMachineEvent(event) as never, inertScope(def.machine));
  return { snapshot: next as AnyMachineSnapshot, accepted: next !== snapshot };
}

/** An event the machine refused: its index among the events given, and the state it was refused in. */
export interface Refusal {
  index: number;
  event: DomainEvent;
  state: string;
}

/**
 * Steps the machine through `events`, in order: the one fold every caller uses (replay,
 * the cache, checkpoints, audit, `handle`). A refused event leaves the snapshot as it
 * was and goes to `onRefused`; by default that throws EventRefused, because a stored
 * history the rulebook rejects is a fault to report, not a state.
 */
export function applyEvents(
  def: Rulebook, snapshot: AnyMachineSnapshot, events: readonly DomainEvent[],
  onRefused: (refusal: Refusal) => void = throwRefused, firstIndex = 0,
): AnyMachineSnapshot {
  for (let i = 0; i < events.length; i += 1) {
    const step = applyEvent(def, snapshot, events[i]);
    if (step.accepted) snapshot = step.snapshot;
    else onRefused({ index: firstIndex + i, event: events[i], state: stateName(snapshot) });
  }
  return snapshot;
}

function throwRefused(refusal: Refusal): never {
  throw new EventRefused(refusal.index, refusal.event.type, refusal.state);
}

/**
 * The state after the stored events, replayed one by one from the launch input: the only
 * way state is derived. A leading `ConsultationLaunched` is skipped (its data is
 * `launchData`); refusals go to `onRefused` as in `applyEvents` (thrown by default).
 */
export function replay(
  def: WorkflowDefinition, launchData: LaunchData, events: readonly DomainEvent[],
  onRefused?: (refusal: Refusal) => void,
): AnyMachineSnapshot {
  const skip = events[0]?.type === 'ConsultationLaunched' ? 1 : 0;
  return applyEvents(def, launchSnapshot(def, launchData), skip ? events.slice(1) : events, onRefused, skip);
}

/** For callers that keep going past a refused event (it is reported elsewhere, e.g. by verify). */
export const ignoreRefusal = (): void => undefined;

/** The state's name as the view and the 409 messages spell it (all states are top-level). */
export const stateName = (snapshot: AnyMachineSnapshot): string =>
  typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);

/** A JSON-safe snapshot to cache per stream revision. */
export const persistSnapshot = (snapshot: AnyMachineSnapshot): unknown => snapshot.machine.getPersistedSnapshot(snapshot);

/** A cached snapshot, ready for `transition()` again. */
export function restoreSnapshot(def: WorkflowDefinition, persisted: unknown): AnyMachineSnapshot {
  return createActor(def.machine, { snapshot: persisted as never }).getSnapshot() as AnyMachineSnapshot;
}
