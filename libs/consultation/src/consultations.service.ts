import { AnyMachineSnapshot } from 'xstate';
import { Clock } from '@consult/clock';
import { EventStore, NewEvent, StoredEvent, WrongExpectedRevision } from '@consult/event-store';
import { LaunchData, WorkflowDefinition, findWorkflow, launchSnapshot, stateName, workflows } from '@consult/workflows';
import { hasRole, requireRole } from './access';
import { CommandEnvelopeDto } from './command.dto';
import { ConsultationCache, LoadedConsultation, step } from './consultation-cache';
import { CommandNotAllowed, InvalidInput, VersionConflict } from './consultation.errors';
import { RequestContext, consultationStream, idFromKey, metadataFor, newId } from './consultation-stream';
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

/** A hook run before a command's events are built (e.g. checking contribution ids exist). */
export type CommandPrecheck = (loaded: LoadedConsultation, type: string, payload: object) => Promise<void>;

/**
 * Launches consultations and runs commands: validate, authorise, build the events,
 * ask the machine whether they are legal now, append with the expected revision.
 */
export class ConsultationsService {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    readonly cache: ConsultationCache,
    private readonly precheck: CommandPrecheck = async () => undefined,
  ) {}

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
    const event: NewEvent = {
      id: ctx.idempotencyKey ? idFromKey(id, 'launched') : newId(),
      type: 'ConsultationLaunched',
      data: launch,
      metadata: metadataFor(ctx, `${definition.name}@${definition.version}`, now),
    };
    await this.store.append(consultationStream(id), [event], { expectedRevision: 'no-stream' });
    return { id, version: 0, state: definition.view(launchSnapshot(definition, launch)).state };
  }

  async execute(id: string, body: unknown, ctx: RequestContext): Promise<CommandResult> {
    const command = validateBody(CommandEnvelopeDto, body, 'body');
    // A retry with an Idempotency-Key may have been answered by another process: read then.
    let loaded = await this.cache.load(id, Boolean(ctx.idempotencyKey));
    const previous = ctx.idempotencyKey && (await this.previousResponse(loaded, ctx));
    if (previous) return previous;
    const spec = loaded.definition.commands[command.type];
    if (!spec) {
      const known = Object.keys(loaded.definition.commands).join(', ');
      throw new InvalidInput(`unknown command ${command.type} for workflow ${loaded.definition.name}`, [
        { field: 'type', constraints: { invalid: `must be one of ${known}` } },
      ]);
    }
    const caller = requireRole(ctx.caller, spec.roles, `command ${command.type}`);
    const payload = validateBody(spec.payload, command.payload ?? {}, 'payload');
    await this.precheck(loaded, command.type, payload);
    for (let attempt = 0; ; attempt += 1) {
      if (command.expectedVersion !== undefined && command.expectedVersion !== loaded.revision) {
        loaded = await this.cache.load(id);
        if (command.expectedVersion !== loaded.revision) throw new VersionConflict(command.expectedVersion, loaded.revision);
      }
      const now = this.clock.now().toISOString();
      const decided = spec.decide(payload, loaded.snapshot, { now, actor: caller, consultationId: id });
      const reached = this.assertLegal(loaded, command.type, decided);
      const events: NewEvent[] = decided.map((event, i) => ({
        id: ctx.idempotencyKey ? idFromKey(id, caller.sub, ctx.idempotencyKey, String(i)) : newId(),
        type: event.type,
        data: event.data as Record<string, unknown>,
        metadata: metadataFor(ctx, `${loaded.definition.name}@${loaded.definition.version}`, now, (payload as { reason?: unknown }).reason),
      }));
      try {
        const result = await this.store.append(consultationStream(id), events, { expectedRevision: loaded.revision });
        if (result.duplicate) return (await this.previousResponse(await this.cache.load(id), ctx))!;
        this.cache.applyAppended(loaded, result.events, reached);
        return { version: result.nextRevision, state: this.stateName(loaded), events: result.events.map(publicEvent) };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || command.expectedVersion !== undefined || attempt >= 3) {
          if (error instanceof WrongExpectedRevision) {
            throw new VersionConflict(command.expectedVersion ?? loaded.revision, typeof error.actual === 'number' ? error.actual : -1);
          }
          throw error;
        }
        loaded = await this.cache.load(id);
      }
    }
  }

  /** Appends events the engine itself decides (the scheduler), if the machine still accepts them. */
  async appendSystemEvents(loaded: LoadedConsultation, events: NewEvent[]): Promise<boolean> {
    let snapshot = loaded.snapshot;
    for (const event of events) {
      const next = step(loaded.definition, snapshot, event);
      if (next === snapshot) return false;
      snapshot = next;
    }
    const result = await this.store.append(consultationStream(loaded.id), events, { expectedRevision: loaded.revision });
    this.cache.applyAppended(loaded, result.events, result.duplicate ? undefined : snapshot);
    return !result.duplicate;
  }

  /** The state's name as views and 409s spell it (every workflow state is top-level). */
  stateName(loaded: { snapshot: AnyMachineSnapshot }): string {
    return stateName(loaded.snapshot);
  }

  /** The commands this caller could send now. */
  allowedCommands(loaded: LoadedConsultation, ctx: RequestContext): string[] {
    return loaded.definition
      .allowedCommands(loaded.snapshot)
      .filter((type) => hasRole(ctx.caller, loaded.definition.commands[type]?.roles ?? []));
  }

  /** The snapshot the machine reaches on the events, or CommandNotAllowed if it refuses one. */
  private assertLegal(loaded: LoadedConsultation, command: string, events: { type: string; data: unknown }[]): AnyMachineSnapshot {
    let snapshot = loaded.snapshot;
    for (const event of events) {
      const next = step(loaded.definition, snapshot, event);
      if (next === snapshot) throw new CommandNotAllowed(this.stateName(loaded), command);
      snapshot = next;
    }
    return snapshot;
  }

  /** A retried request (same Idempotency-Key) gets the response of the first one. */
  private async previousResponse(loaded: LoadedConsultation, ctx: RequestContext): Promise<CommandResult | undefined> {
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
    let snapshot = launchSnapshot(loaded.definition, loaded.launch);
    for (const event of events.slice(1)) snapshot = step(loaded.definition, snapshot, event);
    return {
      version: last,
      state: loaded.definition.view(snapshot).state,
      events: events.filter((e) => revisions.includes(e.revision)).map(publicEvent),
    };
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

export function publicEvent(event: StoredEvent): PublicEvent {
  return {
    id: event.id, type: event.type, revision: event.revision, position: event.position,
    data: event.data, recordedAt: event.metadata.recordedAt,
  };
}
