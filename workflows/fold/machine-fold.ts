import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { DomainEvent, LaunchData, WorkflowDefinition } from '../workflow-definition';

/**
 * A consultation's state as the fold keeps it: what a view, a summary and the deadlines read
 * of a machine snapshot (its state, context and status), and nothing else. It is not a
 * snapshot to step with `transition()` or to ask `can()`.
 */
export interface FoldedState {
  value: string;
  context: Record<string, unknown>;
  status: 'active' | 'done';
}

type Args = { context: Record<string, unknown>; event: { type: string } };
type Guard = (args: Args, params: unknown) => boolean;
type Assignment = (args: Args, params: unknown) => Record<string, unknown>;

/** One transition of a state for one event type, in the machine's order. */
interface Step {
  guard?: Guard;
  params?: unknown;
  target?: string;
  assignments: Assignment[];
}

/** A machine read once: its initial state, final states and transitions by state and event type. */
interface Plan {
  initial: string;
  finals: Set<string>;
  steps: Map<string, Map<string, Step[]>>;
  context: (input: LaunchData) => Record<string, unknown>;
}

/** Thrown while reading a machine this fold does not cover: it is then replayed by xstate. */
class NotCovered extends Error {}

const plans = new WeakMap<AnyStateMachine, Plan | null>();

function guardOf(machine: AnyStateMachine, guard: unknown): Pick<Step, 'guard' | 'params'> {
  if (guard === undefined) return {};
  if (typeof guard === 'function') return { guard: guard as Guard };
  const { type, params } = typeof guard === 'string' ? { type: guard, params: undefined } : (guard as { type: string; params?: unknown });
  const named = machine.implementations.guards[type];
  if (typeof named !== 'function' || typeof params === 'function') throw new NotCovered(type);
  return { guard: named as Guard, params };
}

/** Only `assign` actions: anything else (raise, send, spawn, log) needs xstate's own interpreter. */
function assignmentOf(machine: AnyStateMachine, action: unknown): Assignment {
  const named = typeof action === 'string' ? machine.implementations.actions[action] : action;
  const assign = named as { type?: string; assignment?: unknown };
  if (typeof named !== 'function' || assign.type !== 'xstate.assign' || typeof assign.assignment !== 'function') throw new NotCovered(String(action));
  return assign.assignment as Assignment;
}

type Node = AnyStateMachine['root'];

function stepsOf(machine: AnyStateMachine, node: Node): Map<string, Step[]> {
  const quiet = node.entry.length === 0 && node.exit.length === 0 && node.invoke.length === 0 && !node.always;
  if (!quiet || (node.type !== 'atomic' && node.type !== 'final')) throw new NotCovered(node.key);
  const steps = new Map<string, Step[]>();
  for (const [type, transitions] of node.transitions) {
    if (type.includes('*')) throw new NotCovered(type);
    steps.set(type, transitions.map((t) => {
      if ((t.target?.length ?? 0) > 1 || t.target?.some((target) => target.parent !== machine.root)) throw new NotCovered(type);
      return { ...guardOf(machine, t.guard), target: t.target?.[0]?.key, assignments: t.actions.map((action) => assignmentOf(machine, action)) };
    }));
  }
  return steps;
}

/** The machine's plan, or null if it is not flat, or has entry, exit, eventless or other actions than `assign`. */
function planOf(machine: AnyStateMachine): Plan | null {
  if (plans.has(machine)) return plans.get(machine)!;
  let plan: Plan | null = null;
  try {
    const { root } = machine;
    const [initial, ...more] = root.initial?.target ?? [];
    const factory = machine.config.context;
    const rootQuiet = root.entry.length === 0 && root.transitions.size === 0 && !root.always && root.invoke.length === 0;
    if (!initial || more.length > 0 || !rootQuiet || root.initial.actions.length > 0) throw new NotCovered('root');
    const states = Object.values(root.states) as Node[];
    plan = {
      initial: initial.key,
      finals: new Set(states.filter((s) => s.type === 'final').map((s) => s.key)),
      steps: new Map(states.map((s) => [s.key, stepsOf(machine, s)])),
      context: (input) => (typeof factory === 'function' ? { ...factory({ input } as never) } : { ...(factory ?? {}) }),
    };
  } catch (error) {
    if (!(error instanceof NotCovered)) throw error;
  }
  plans.set(machine, plan);
  return plan;
}

/** Whether `foldLaunch`/`foldEvent` cover this workflow's machine (flat states, guards and `assign` alone). */
export const foldable = (definition: Pick<WorkflowDefinition, 'machine'>): boolean => planOf(definition.machine) !== null;

/** The state right after the launch, as `launchSnapshot` gives it; null if the workflow is not `foldable`. */
export function foldLaunch(definition: Pick<WorkflowDefinition, 'machine'>, launch: LaunchData): FoldedState | null {
  const plan = planOf(definition.machine);
  if (!plan) return null;
  return { value: plan.initial, context: plan.context(launch), status: plan.finals.has(plan.initial) ? 'done' : 'active' };
}

/**
 * One stored event folded: the first transition of the state for the event's type whose
 * guard passes sets the target and assigns the context, as xstate's `transition()` does.
 * Returns `state` itself when no transition is enabled (the machine refuses the event).
 */
export function foldEvent(definition: Pick<WorkflowDefinition, 'machine' | 'toMachineEvent'>, state: FoldedState, event: DomainEvent): FoldedState {
  const plan = planOf(definition.machine);
  if (!plan) throw new Error(`${definition.machine.id}: not foldable, replay it through the machine`);
  if (state.status !== 'active') return state;
  const steps = plan.steps.get(state.value)?.get(event.type);
  if (!steps) return state;
  const machineEvent = definition.toMachineEvent(event);
  for (const step of steps) {
    const args = { context: state.context, event: machineEvent };
    if (step.guard && !step.guard(args, step.params)) continue;
    let context = state.context;
    for (const assignment of step.assignments) context = Object.assign({}, context, assignment({ context, event: machineEvent }, undefined));
    const value = step.target ?? state.value;
    return { value, context, status: plan.finals.has(value) ? 'done' : 'active' };
  }
  return state;
}

/** The folded state read where a snapshot is expected: views, summaries and deadlines read only these fields. */
export const asSnapshot = (state: FoldedState): AnyMachineSnapshot => state as unknown as AnyMachineSnapshot;
