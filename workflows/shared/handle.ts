import type { AnyMachineSnapshot } from 'xstate';
import { applyEvents, stateName } from '../replay';
import type { CommandContext, CommandSpec, DomainEvent, WorkflowDefinition } from '../workflow-definition';
import { CommandNotAllowed, UnknownCommand } from './errors';

/** A command as the handler passes it: its type and its validated payload. */
export interface Command<P extends object = object> {
  type: string;
  payload: P;
}

/** What a command means now: the events to append and the snapshot the machine reaches on them. */
export interface Decision {
  events: DomainEvent[];
  snapshot: AnyMachineSnapshot;
}

/**
 * The workflow's spec for a command type, looked up as an own key: a type that names an
 * `Object.prototype` member (`toString`, `constructor`, `__proto__`) is unknown, not a 500.
 */
export function commandSpec(def: WorkflowDefinition, type: string): CommandSpec {
  if (!Object.hasOwn(def.commands, type)) throw new UnknownCommand(type, def.name, Object.keys(def.commands));
  return def.commands[type];
}

/**
 * The one decision point, pure: the events the command means in `snapshot` (the workflow's
 * `decide`), checked by stepping the machine through them. Throws UnknownCommand for a
 * type the workflow lacks, CommandNotAllowed (naming state and command) when the machine
 * refuses one of the events, and whatever DomainError `decide` throws for its own rules.
 * Roles are the caller's to check (they need the token: 401 or 403), with `commandSpec`.
 */
export function handle(def: WorkflowDefinition, snapshot: AnyMachineSnapshot, command: Command, context: CommandContext): Decision {
  const events = commandSpec(def, command.type).decide(command.payload, snapshot, context);
  const reached = applyEvents(def, snapshot, events, () => {
    throw new CommandNotAllowed(stateName(snapshot), command.type);
  });
  return { events, snapshot: reached };
}
