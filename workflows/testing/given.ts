import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { AnyMachineSnapshot } from 'xstate';
import { applyEvent, replay } from '../replay';
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

type Outcome = { events: DomainEvent[]; before: AnyMachineSnapshot; after: AnyMachineSnapshot; rejected?: DomainEvent };

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
        const spec = def.commands[type];
        if (!spec) throw new Error(`${def.name} has no command ${type}`);
        const ctx: CommandContext = {
          actor: { sub: 'secretariat-officer', role: 'secretariat' },
          consultationId: (launch.data as LaunchData).consultationId,
          ...(typeof context === 'string' ? { now: context } : context),
        };
        const run = (): Outcome => {
          const events = spec.decide(validatePayload(spec.payload, payload), snapshot, ctx);
          let after = snapshot;
          for (const event of events) {
            const step = applyEvent(def, after, event);
            if (!step.accepted) return { events, before: snapshot, after, rejected: event };
            after = step.snapshot;
          }
          return { events, before: snapshot, after };
        };
        return {
          /** The command is legal and means exactly these events; returns the snapshot after them. */
          then(expected: DomainEvent[]): AnyMachineSnapshot {
            const outcome = run();
            expect(outcome.rejected).toBeUndefined();
            expect(outcome.events).toEqual(expected);
            return outcome.after;
          },
          /** The machine refuses the command's event here (the API answers 409). */
          thenRejects(): void {
            const outcome = run();
            if (!outcome.rejected) throw new Error(`expected ${type} to be refused, but it produced ${JSON.stringify(outcome.events)}`);
          },
          /** decide (or the DTO) throws this error class. */
          thenThrows(errorClass: new (...args: any[]) => Error): void {
            expect(run).toThrow(errorClass);
          },
          /** The command is legal and leads to this state. */
          thenState(state: string): AnyMachineSnapshot {
            const outcome = run();
            expect(outcome.rejected).toBeUndefined();
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
  const spec = def.commands[type];
  const ctx = typeof context === 'string' ? { now: context } : context;
  const events = spec.decide(validatePayload(spec.payload, payload), given.snapshot, {
    actor: { sub: 'secretariat-officer', role: 'secretariat' }, consultationId: 'scenario', ...ctx,
  });
  let snapshot = given.snapshot;
  for (const event of events) {
    const step = applyEvent(def, snapshot, event);
    if (!step.accepted) throw new Error(`${type} → ${event.type} refused in state ${String(snapshot.value)}`);
    snapshot = step.snapshot;
  }
  return [...history, ...events];
}
