import type { AnyMachineSnapshot } from 'xstate';
import type { EventStore, StoredEvent } from '@consult/event-store';
import { LaunchData, WorkflowDefinition, applyEvents, findWorkflow, ignoreRefusal, launchSnapshot } from '@consult/workflows';
import { ConsultationNotFound } from './consultation.errors';
import { consultationStream } from './consultation-stream';

/** A consultation as replayed up to `revision`. */
export interface LoadedConsultation {
  id: string;
  definition: WorkflowDefinition;
  launch: LaunchData;
  snapshot: AnyMachineSnapshot;
  revision: number;
  /** Event id → revision, for answering retried requests. */
  eventIds: Map<string, number>;
  lastRecordedAt: string;
}

/**
 * Snapshots per consultation, advanced by the events appended since the last load.
 * Replay is the only way state is derived; the cache just avoids redoing it from
 * the start on every request. Other processes' writes are picked up because every
 * load reads the stream from the cached revision on.
 */
export class ConsultationCache {
  private readonly entries = new Map<string, LoadedConsultation>();

  constructor(private readonly store: EventStore, private readonly capacity = 10_000) {}

  /**
   * The consultation, replayed. `fresh: false` trusts the cache without a read: for
   * commands, whose append with the expected revision finds a stale cache anyway.
   */
  async load(id: string, fresh = true): Promise<LoadedConsultation> {
    const cached = this.entries.get(id);
    if (cached && !fresh) return cached;
    const fromRevision = cached ? cached.revision + 1 : 0;
    const events = await this.store.readStream(consultationStream(id), { fromRevision });
    if (!cached && events.length === 0) throw new ConsultationNotFound(id);
    const loaded = cached ?? start(id, events.shift()!);
    advance(loaded, events);
    this.remember(id, loaded);
    return loaded;
  }

  /**
   * Applies events this process has just appended. `reached` is the snapshot the machine
   * reached on exactly these events when the command was checked: taken as it is rather
   * than stepping the machine through them a second time.
   */
  applyAppended(loaded: LoadedConsultation, events: StoredEvent[], reached?: AnyMachineSnapshot): void {
    if (reached && events.length > 0 && events[0].revision === loaded.revision + 1) {
      for (const event of events) record(loaded, event);
      loaded.snapshot = reached;
    } else {
      // Only what follows the cached revision without a gap; a later load reads the rest.
      const next = events.filter((event) => event.revision > loaded.revision);
      if (next[0]?.revision === loaded.revision + 1) advance(loaded, next);
    }
    this.remember(loaded.id, loaded);
  }

  /**
   * The consultation as of a stored event of its stream, advancing a cached replay
   * when the event is the next one (the projector's case: events come in order).
   */
  async replayTo(event: StoredEvent): Promise<LoadedConsultation> {
    const id = event.stream.slice('consultation-'.length);
    const cached = this.entries.get(id);
    if (cached && cached.revision === event.revision) return cached;
    if (cached && cached.revision + 1 === event.revision) {
      advance(cached, [event]);
      return cached;
    }
    // A launch is the whole history so far: a rebuild meets every consultation there first.
    const events = event.revision === 0 ? [event] : await this.store.readStream(event.stream, { maxCount: event.revision + 1 });
    const loaded = start(id, events.shift()!);
    advance(loaded, events);
    this.remember(id, loaded);
    return loaded;
  }

  private remember(id: string, loaded: LoadedConsultation): void {
    this.entries.delete(id);
    this.entries.set(id, loaded);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

function start(id: string, launched: StoredEvent): LoadedConsultation {
  const launch = launched.data as unknown as LaunchData;
  const definition = findWorkflow(launch.workflow, launch.version);
  return {
    id, definition, launch, snapshot: launchSnapshot(definition, launch), revision: 0,
    eventIds: new Map([[launched.id, 0]]), lastRecordedAt: launched.metadata.recordedAt,
  };
}

/**
 * Steps the cached snapshot through the next stored events. A stored event the workflow
 * refuses is passed over, as before: `verify` reports it, and one bad event must not make
 * the consultation unreadable or stop the projector.
 */
function advance(loaded: LoadedConsultation, events: StoredEvent[]): void {
  if (events.length === 0) return;
  loaded.snapshot = applyEvents(loaded.definition, loaded.snapshot, events, ignoreRefusal);
  for (const event of events) record(loaded, event);
}

function record(loaded: LoadedConsultation, event: StoredEvent): void {
  loaded.revision = event.revision;
  loaded.eventIds.set(event.id, event.revision);
  loaded.lastRecordedAt = event.metadata.recordedAt;
}
