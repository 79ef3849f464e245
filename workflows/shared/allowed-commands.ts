import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { applyEvents } from '../replay';
import type { CommandContext, CommandSpec } from '../workflow-definition';
import { toMachineEvent } from './common.commands';

/** One representative payload, decided at `now` (default: the time of the snapshot's last event). */
export interface Probe { payload: object; now?: string }
/** Representative payloads for a command in a snapshot; empty when there is nothing to try. */
export type PayloadSamples = (snapshot: AnyMachineSnapshot) => Probe[];

/**
 * A command is allowed when one representative payload, decided at the snapshot's own
 * time, yields events the machine accepts. Where a guard depends on the payload (which
 * meeting, which session) the samples stand for the payloads a caller could sensibly send.
 */
export function allowedBySampling(
  machine: AnyStateMachine,
  commands: Record<string, CommandSpec>,
  samples: Record<string, PayloadSamples>,
  snapshot: AnyMachineSnapshot,
): string[] {
  if (snapshot.status !== 'active') return [];
  const ctx: CommandContext = {
    now: snapshot.context.asOf,
    actor: { sub: 'allowed-commands', role: 'system' },
    consultationId: snapshot.context.launch.consultationId,
  };
  return Object.keys(commands).filter((type) =>
    (samples[type]?.(snapshot) ?? []).some((probe) =>
      accepts(machine, commands[type], probe.payload, snapshot, { ...ctx, now: probe.now ?? ctx.now })),
  );
}

function accepts(machine: AnyStateMachine, spec: CommandSpec, payload: object, snapshot: AnyMachineSnapshot, ctx: CommandContext) {
  let refused = false;
  try {
    applyEvents({ machine, toMachineEvent }, snapshot, spec.decide(payload, snapshot, ctx), () => {
      refused = true;
    });
    return !refused;
  } catch {
    return false; // decide refused the sample: the command is not possible as sampled
  }
}
