import { AnyMachineSnapshot } from 'xstate';
import type { Caller } from '@consult/auth';
import { Clock } from '@consult/clock';
import { EventStore, NewEvent, StoredEvent } from '@consult/event-store';
import {
  Command, DomainEvent, LaunchData, WorkflowDefinition, commandSpec, findWorkflow, handle, ignoreRefusal, launchSnapshot, replay,
  stateName, workflows,
} from '@consult/workflows';
import { hasRole, requireRole } from './access';
import { CommandEnvelopeDto } from './command.dto';
import { CommandHandler, Decided, RetryPolicy } from './command-handler';
import { ConsultationCache, LoadedConsultation } from './consultation-cache';
import { InvalidInput } from './consultation.errors';
import {
  RequestContext, assertSameRequest, consultationStream, idFromKey, metadataFor, newId, requestFingerprint,
} from './consultation-stream';
import { LaunchConsultationDto } from './launch.dto';
import { validateBody } from './validation';

/** The answer to a command: the new version, the state after it, the events it wrote. */
export interface CommandResult {
  version: number;
  state: string;
  events: PublicEvent[];
}

export interface PublicEvent {
  id: string;
  type: string;
  revision: number;
  position: number;
  data: Record<string, unknown>;
  recordedAt: string;
}

type TokenCaller = Extract<Caller, { kind: 'token' }>;

/** A hook run before a command's events are built (e.g. checking contribution ids exist). */
export type CommandPrecheck = (loaded: LoadedConsultation, type: string, payload: object) => Promise<void>;

/**
 * Launches consultations and runs commands. A command is: validate and authorise, then
 * load, `handle()` (the workflow's pure decision) and append with the expected revision,
 * retried by policy when the caller did not pin a version.
 */
export class ConsultationsService {
  private readonly commands: CommandHandler;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    readonly cache: ConsultationCache,
    private readonly precheck: CommandPrecheck = async () => undefined,
    retry?: RetryPolicy,
  ) {
    this.commands = new CommandHandler(store, cache, retry);
  }

  async launch(body: unknown, ctx: RequestContext): Promise<{ id: string; version: number; state: string }> {
    const caller = requireRole(ctx.caller, ['secretariat'], 'launching a consultation');
    const dto = validateBody(LaunchConsultationDto, body, 'body');
    const definition = this.workflowNamed(dto.workflow);
    const extra = definition.launchPayload ? validateBody(definition.launchPayload, body, 'body', false) : {};
    const now = this.clock.now().toISOString();
    const id = ctx.idempotencyKey ? idFromKey('launch', caller.sub, ctx.idempotencyKey) : newId();
    const launch: LaunchData = JSON.parse(JSON.stringify({
      ...extra, consultationId: id, workflow: definition.name, version: definition.version,
      title: dto.title, reference: dto.reference, eligibleGroups: dto.eligibleGroups, timezone: dto.timezone,
      reminderOffsets: dto.reminderOffsets, launchedAt: now,
    }));
    // Started before the append, so that launch data the machine cannot start from writes nothing.
    const { state } = definition.view(launchSnapshot(definition, launch));
    const fingerprint = ctx.idempotencyKey ? requestFingerprint(body) : undefined;
    const event: NewEvent = {
      id: ctx.idempotencyKey ? idFromKey(id, 'launched') : newId(),
      type: 'ConsultationLaunched',
      data: launch,
      metadata: metadataFor(ctx, workflowOf(definition), now, undefined, fingerprint),
    };
    const result = await this.store.append(consultationStream(id), [event], { expectedRevision: 'no-stream' });
    if (result.duplicate && fingerprint) assertSameRequest(result.events[0], ctx, fingerprint);
    return { id, version: 0, state };
  }

  /** Validate and authorise, answer a retried request as the first time, else decide and append. */
  async execute(id: string, body: unknown, ctx: RequestContext): Promise<CommandResult> {
    const envelope = validateBody(CommandEnvelopeDto, body, 'body');
    const fingerprint = ctx.idempotencyKey ? requestFingerprint(body) : undefined;
    // A retry with an Idempotency-Key may have been answered by another process: read then.
    const current = await this.cache.load(id, Boolean(fingerprint));
    const previous = fingerprint && (await this.previousResponse(current, ctx, fingerprint));
    if (previous) return previous;
    const spec = commandSpec(current.definition, envelope.type);
    const caller = requireRole(ctx.caller, spec.roles, `command ${envelope.type}`);
    const command = { type: envelope.type, payload: validateBody(spec.payload, envelope.payload ?? {}, 'payload') };
    await this.precheck(current, command.type, command.payload);
    const decide = (loaded: LoadedConsultation) => this.decide(loaded, command, caller, ctx, fingerprint);
    const handled = await this.commands.run(id, decide, { expectedVersion: envelope.expectedVersion });
    const { loaded, appended } = handled!;
    if (appended.duplicate) return (await this.previousResponse(await this.cache.load(id), ctx, fingerprint!))!;
    return { version: appended.nextRevision, state: stateName(loaded.snapshot), events: appended.events.map(publicEvent) };
  }

  /**
   * Appends events the engine itself decides (the scheduler), retried by the same policy;
   * `decide` returns nothing when there is nothing (more) to append. True when appended.
   */
  async appendSystemEvents(id: string, decide: (loaded: LoadedConsultation) => Decided | undefined): Promise<boolean> {
    const handled = await this.commands.run(id, decide);
    return handled !== undefined && !handled.appended.duplicate;
  }

  /** The id of an event made from a key (a deadline fired, a retried request): the same key, the same id. */
  eventId(...parts: string[]): string {
    return idFromKey(...parts);
  }

  /** `handle()` at the clock's now, its events given ids (derived from an Idempotency-Key) and metadata. */
  private decide(loaded: LoadedConsultation, command: Command, caller: TokenCaller, ctx: RequestContext, fingerprint?: string): Decided {
    const now = this.clock.now().toISOString();
    const decision = handle(loaded.definition, loaded.snapshot, command, { now, actor: caller, consultationId: loaded.id });
    const reason = (command.payload as { reason?: unknown }).reason;
    const metadata = metadataFor(ctx, workflowOf(loaded.definition), now, reason, fingerprint);
    const idOf = (i: number) => (ctx.idempotencyKey ? idFromKey(loaded.id, caller.sub, ctx.idempotencyKey, String(i)) : newId());
    return { events: decision.events.map((event, i) => toNewEvent(event, idOf(i), metadata)), snapshot: decision.snapshot };
  }

  /** The state's name as views and 409s spell it (every workflow state is top-level). */
  stateName(loaded: { snapshot: AnyMachineSnapshot }): string {
    return stateName(loaded.snapshot);
  }

  /** The commands this caller could send now. */
  allowedCommands(loaded: LoadedConsultation, ctx: RequestContext): string[] {
    return loaded.definition
      .allowedCommands(loaded.snapshot)
      .filter((type) => hasRole(ctx.caller, commandSpec(loaded.definition, type).roles));
  }

  /**
   * A retried request (same caller and Idempotency-Key) gets the response of the first
   * one, replayed to the version it reached; the same key with another body is a 422.
   */
  private async previousResponse(loaded: LoadedConsultation, ctx: RequestContext, fingerprint: string): Promise<CommandResult | undefined> {
    if (ctx.caller.kind !== 'token' || !ctx.idempotencyKey) return undefined;
    const revisions: number[] = [];
    for (let i = 0; ; i += 1) {
      const revision = loaded.eventIds.get(idFromKey(loaded.id, ctx.caller.sub, ctx.idempotencyKey, String(i)));
      if (revision === undefined) break;
      revisions.push(revision);
    }
    if (revisions.length === 0) return undefined;
    const last = Math.max(...revisions);
    const events = await this.store.readStream(consultationStream(loaded.id), { fromRevision: 0, maxCount: last + 1 });
    const mine = events.filter((e) => revisions.includes(e.revision));
    assertSameRequest(mine[0], ctx, fingerprint);
    const snapshot = replay(loaded.definition, loaded.launch, events, ignoreRefusal);
    return { version: last, state: loaded.definition.view(snapshot).state, events: mine.map(publicEvent) };
  }

  private workflowNamed(name: string): WorkflowDefinition {
    try {
      return findWorkflow(name);
    } catch {
      const known = [...new Set(workflows.map((w) => w.name))].join(', ');
      throw new InvalidInput(`unknown workflow ${name}`, [{ field: 'workflow', constraints: { invalid: `must be one of ${known}` } }]);
    }
  }
}

const workflowOf = (definition: WorkflowDefinition): string => `${definition.name}@${definition.version}`;

function toNewEvent(event: DomainEvent, id: string, metadata: NewEvent['metadata']): NewEvent {
  return { id, type: event.type, data: event.data as Record<string, unknown>, metadata };
}

export function publicEvent(event: StoredEvent): PublicEvent {
  return {
    id: event.id, type: event.type, revision: event.revision, position: event.position,
    data: event.data, recordedAt: event.metadata.recordedAt,
  };
}
