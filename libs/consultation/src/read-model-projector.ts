import type { AnyMachineSnapshot } from 'xstate';
import type { DataSource } from 'typeorm';
import type { EventStore, StoredEvent } from '@consult/event-store';
import { EventParked, Freshness, PageReplayer, Projector, ReplayedState } from '@consult/projections';
import { ConsultationSummary, LaunchData, WorkflowDefinition, applyEvents, findWorkflow, ignoreRefusal, launchSnapshot } from '@consult/workflows';
import { asSnapshot, foldEvent, foldLaunch } from '@consult/workflows/fold';

/**
 * The read models' projector as the rest of the engine uses it, wherever it runs: the
 * `Projector` itself on this thread, or `ProjectorThread`, which runs it on its own.
 * The abstract class is the injection token. Waits are bounded and never reject for
 * lateness: they resolve with a `Freshness`, whose `staleHeader` a read answers with.
 */
export abstract class ReadModelProjector {
  abstract start(): Promise<void>;
  abstract stop(): void | Promise<void>;
  /** Waits at most `timeoutMs` (2 s by default) for every event up to `position` to be in the read models (those named, or all). */
  abstract waitFor(position: number, timeoutMs?: number, names?: readonly string[]): Promise<Freshness>;
  /** Waits at most `timeoutMs` (2 s by default) for the read models (those named, or all) to include every event stored when called. */
  abstract catchUp(timeoutMs?: number, names?: readonly string[]): Promise<Freshness>;
}

/** A consultation's machine as replayed up to `revision`, and what was handed out for that revision. */
interface Replay {
  definition: WorkflowDefinition;
  launch: LaunchData;
  snapshot: AnyMachineSnapshot;
  /** Stepped by the machine fold (the workflow's machine read as data), not by xstate: same states, a fraction of the cost. */
  folded: boolean;
  revision: number;
  state?: ReplayedState;
}

/** A replayed state whose view (the workflow's summary) is worked out only if a projection reads it. */
class Replayed implements ReplayedState {
  private summary?: ConsultationSummary;
  constructor(readonly launch: LaunchData, readonly definition: WorkflowDefinition, readonly snapshot: AnyMachineSnapshot) {}

  get view(): ConsultationSummary {
    return (this.summary ??= this.definition.summary(this.snapshot));
  }
}

const stateOf = (replay: Replay): ReplayedState => (replay.state ??= new Replayed(replay.launch, replay.definition, replay.snapshot));

/**
 * The projections' replays: one machine a consultation, kept in memory and stepped forward.
 * The projector shows it each page first, so a projection that asks only for a
 * consultation's last event of the page gets the machine stepped through the earlier ones
 * without another read; what it has not seen (a parked event retried, a consultation
 * forgotten) it reads from the store. It keeps between `capacity` / 2 and `capacity`
 * consultations, the most recently replayed: two generations, the older one dropped whole
 * when the newer is full (evicting from the front of one Map, key by key, walks over its
 * deleted entries each time).
 */
class ProjectionReplays {
  private recent = new Map<string, Replay>();
  private older = new Map<string, Replay>();
  private page = new Map<string, StoredEvent[]>();

  constructor(private readonly store: EventStore, private readonly capacity: number) {}

  preview(events: readonly StoredEvent[]): void {
    this.page = new Map();
    for (const event of events) {
      const stream = this.page.get(event.stream);
      if (stream) stream.push(event);
      else this.page.set(event.stream, [event]);
    }
  }

  async replay(event: StoredEvent): Promise<ReplayedState> {
    let replay = this.remembered(event.stream);
    if (replay?.revision !== event.revision) {
      // One behind the event, or a fresh start: replays only move forward.
      if (replay && replay.revision > event.revision) replay = undefined;
      const events = await this.eventsUpTo(event, replay ? replay.revision + 1 : 0);
      replay ??= start(events.shift()!);
      step(replay, events);
      this.remember(event.stream, replay);
    }
    return stateOf(replay);
  }

  private remembered(stream: string): Replay | undefined {
    const replay = this.recent.get(stream);
    if (replay) return replay;
    const old = this.older.get(stream);
    if (old) this.remember(stream, old);
    return old;
  }

  private remember(stream: string, replay: Replay): void {
    if (this.recent.size >= this.capacity / 2 && !this.recent.has(stream)) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(stream, replay);
  }

  /** The stream's events from revision `from` to `event`'s: from the page when it holds them all, else from the store. */
  private async eventsUpTo(event: StoredEvent, from: number): Promise<StoredEvent[]> {
    const count = event.revision - from + 1;
    if (count === 1) return [event];
    const seen = this.page.get(event.stream)?.filter((e) => e.revision >= from && e.revision <= event.revision) ?? [];
    if (seen.length === count && seen[0].revision === from) return seen;
    return this.store.readStream(event.stream, { fromRevision: from, maxCount: count });
  }
}

function start(launched: StoredEvent): Replay {
  const launch = launched.data as unknown as LaunchData;
  const definition = findWorkflow(launch.workflow, launch.version);
  const folded = foldLaunch(definition, launch);
  return { definition, launch, snapshot: folded ? asSnapshot(folded) : launchSnapshot(definition, launch), folded: folded !== null, revision: 0 };
}

/**
 * A stored event the workflow refuses is passed over, as the command path's cache does:
 * `verify` reports it. The read models only read a state's value, context and status, so a
 * foldable workflow is folded (workflows/fold: the same states as xstate, checked by a
 * property test); verification still replays through the machine.
 */
function step(replay: Replay, events: StoredEvent[]): void {
  if (events.length === 0) return;
  if (replay.folded) {
    let state = replay.snapshot as unknown as Parameters<typeof foldEvent>[1];
    for (const event of events) state = foldEvent(replay.definition, state, event);
    replay.snapshot = asSnapshot(state);
  } else replay.snapshot = applyEvents(replay.definition, replay.snapshot, events, ignoreRefusal);
  replay.revision = events[events.length - 1].revision;
  replay.state = undefined;
}

/** Replays consultation events through their workflow for the projections, with its own machines (see `ProjectionReplays`). */
export function consultationReplayer(store: EventStore, capacity = 10_000): PageReplayer {
  const replays = new ProjectionReplays(store, capacity);
  return Object.assign((event: StoredEvent) => replays.replay(event), { preview: (events: readonly StoredEvent[]) => replays.preview(events) });
}

/**
 * How long a live page of the read models gathers events. Each page is one transaction (a commit
 * with an fsync, the checkpoints, the page's replays): under load, 10 ms pages cost the projector's
 * thread about 1 ms of CPU an event, on a machine whose cores the api's commands need. A reader
 * never waits for that: every query asks the projector to catch up, which cuts the page being
 * gathered to `URGENT_BATCH_MS`.
 */
export const READ_MODEL_PAGE_MS = 100;

/** The consultation read models' projector over `store`. */
export function consultationProjector(store: EventStore, db: DataSource, onError: (error: unknown) => void): Projector {
  return new Projector(store, db, consultationReplayer(store), onError, undefined, undefined, READ_MODEL_PAGE_MS);
}

/** The message the projector's reports are logged with. */
export function pageFailedMessage(error: unknown): string {
  if (error instanceof EventParked) return `read models: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `read models: a page failed; its events are applied one by one, or the page again from the checkpoint: ${message}`;
}
