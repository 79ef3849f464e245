import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { AnyMachineSnapshot } from 'xstate';
import { replay } from '../replay';
import { CommandNotAllowed } from '../shared/errors';
import { handle } from '../shared/handle';
import type { CommandContext, DomainEvent, LaunchData, WorkflowDefinition } from '../workflow-definition';

/** The payload failed its DTO, as the API would answer 400. */
export class InvalidPayload extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid payload: ${problems.join('; ')}`);
    this.name = 'InvalidPayload';
  }
}

/** Validates like the command handler: plainToInstance, then whitelist + forbidNonWhitelisted. */
export function validatePayload<P extends object>(dto: new () => P, payload: object): P {
  const instance = plainToInstance(dto, payload);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  const problems = (list: typeof errors, path = ''): string[] => list.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => `${path}${m}`),
    ...problems(e.children ?? [], `${path}${e.property}.`),
  ]);
  if (errors.length > 0) throw new InvalidPayload(problems(errors));
  return instance;
}

/** `now` alone, or a full context; the actor defaults to a secretariat officer. */
export type ContextInput = string | (Partial<CommandContext> & { now: string });

type Outcome = { events: DomainEvent[]; after: AnyMachineSnapshot } | { rejected: CommandNotAllowed };

/** The command through `handle()`, as the engine runs it, after the payload's DTO check. */
function decideWith(def: WorkflowDefinition, snapshot: AnyMachineSnapshot, type: string, payload: object, ctx: CommandContext): Outcome {
  if (!Object.hasOwn(def.commands, type)) throw new Error(`${def.name} has no command ${type}`);
  const validated = validatePayload(def.commands[type].payload, payload);
  try {
    const { events, snapshot: after } = handle(def, snapshot, { type, payload: validated }, ctx);
    return { events, after };
  } catch (error) {
    if (error instanceof CommandNotAllowed) return { rejected: error };
    throw error;
  }
}

/**
 * Given/when/then for a workflow: `given([launched, ...events]).when('publishDraft', payload, now)
 * .then([...events])`. The history starts with `ConsultationLaunched`; its data is the launch input.
 */
export function givenWorkflow(def: WorkflowDefinition) {
  return (history: DomainEvent[]) => {
    const [launch] = history;
    if (launch?.type !== 'ConsultationLaunched') throw new Error('a history starts with ConsultationLaunched');
    const snapshot = replay(def, launch.data as LaunchData, history);
    return {
      snapshot,
      when(type: string, payload: object, context: ContextInput) {
        const ctx: CommandContext = {
          actor: { sub: 'secretariat-officer', role: 'secretariat' },
          consultationId: (launch.data as LaunchData).consultationId,
          ...(typeof context === 'string' ? { now: context } : context),
        };
        const run = (): Outcome => decideWith(def, snapshot, type, payload, ctx);
        const accepted = (): Extract<Outcome, { events: DomainEvent[] }> => {
          const outcome = run();
          if ('rejected' in outcome) throw outcome.rejected;
          return outcome;
        };
        return {
          /** The command is legal and means exactly these events; returns the snapshot after them. */
          then(expected: DomainEvent[]): AnyMachineSnapshot {
            const outcome = accepted();
            expect(outcome.events).toEqual(expected);
            return outcome.after;
          },
          /** The machine refuses the command's event here (the API answers 409). */
          thenRejects(): void {
            const outcome = run();
            if (!('rejected' in outcome)) throw new Error(`expected ${type} to be refused, but it produced ${JSON.stringify(outcome.events)}`);
          },
          /** decide (or the DTO) throws this error class. */
          thenThrows(errorClass: new (...args: any[]) => Error): void {
            expect(run).toThrow(errorClass);
          },
          /** The command is legal and leads to this state. */
          thenState(state: string): AnyMachineSnapshot {
            const outcome = accepted();
            expect(outcome.after.value).toEqual(state);
            return outcome.after;
          },
        };
      },
    };
  };
}

/** Runs a scenario step by step: each command must be legal; returns the grown history. */
export function play(def: WorkflowDefinition, history: DomainEvent[], type: string, payload: object, context: ContextInput): DomainEvent[] {
  const given = givenWorkflow(def)(history);
  const ctx = typeof context === 'string' ? { now: context } : context;
  const outcome = decideWith(def, given.snapshot, type, payload, {
    actor: { sub: 'secretariat-officer', role: 'secretariat' }, consultationId: 'scenario', ...ctx,
  });
  if ('rejected' in outcome) throw outcome.rejected;
  return [...history, ...outcome.events];
}
