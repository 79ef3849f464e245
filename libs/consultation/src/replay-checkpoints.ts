import type { AnyMachineSnapshot } from 'xstate';
import { DomainError, EventStore, StoredEvent, chainHash } from '@consult/event-store';
import { LaunchData, WorkflowDefinition, applyEvents, findWorkflow, ignoreRefusal, launchSnapshot } from '@consult/workflows';
import { ConsultationNotFound } from './consultation.errors';
import { consultationStream } from './consultation-stream';

/** A stored event does not chain onto the one before it: the history was altered. */
export class HistoryTampered extends DomainError {
  readonly code = 'CONSULTATION.HISTORY_TAMPERED';
}

interface Checkpoint {
  revision: number;
  hash: string;
  snapshot: AnyMachineSnapshot;
}

interface Timeline {
  definition: WorkflowDefinition;
  launch: LaunchData;
  /** `recordedAt` (ms) of every revision, to find the prefix recorded by an instant. */
  recordedAt: number[];
  /** A replayed snapshot every `every` revisions, with the hash it was verified up to. */
  checkpoints: Checkpoint[];
  last: Checkpoint;
}

/**
 * Answers "what was the state at instant T" without replaying a long history each time:
 * the replay is kept as checkpoints, and a query replays only from the nearest one. The
 * events replayed are re-read and re-hashed against the checkpoint's verified hash, so
 * an answer never rests on events whose chain was not checked.
 */
export class ReplayCheckpoints {
  private readonly timelines = new Map<string, Timeline>();

  constructor(private readonly store: EventStore, private readonly every = 128, private readonly capacity = 1000) {}

  /** The last revision recorded at or before `cutoff` and the snapshot after it; null before the launch. */
  async at(id: string, cutoff: number): Promise<{ revision: number; snapshot: AnyMachineSnapshot; definition: WorkflowDefinition } | null> {
    const timeline = await this.load(id);
    let revision = -1;
    while (revision + 1 < timeline.recordedAt.length && timeline.recordedAt[revision + 1] <= cutoff) revision += 1;
    if (revision < 0) return null;
    const checkpoint = [...timeline.checkpoints].reverse().find((c) => c.revision <= revision)!;
    let snapshot = checkpoint.snapshot;
    if (revision > checkpoint.revision) {
      const events = await this.store.readStream(consultationStream(id), { fromRevision: checkpoint.revision + 1, maxCount: revision - checkpoint.revision });
      verifyLinks(checkpoint.hash, events);
      snapshot = applyEvents(timeline.definition, snapshot, events, ignoreRefusal);
    }
    return { revision, snapshot, definition: timeline.definition };
  }

  private async load(id: string): Promise<Timeline> {
    let timeline = this.timelines.get(id);
    const from = timeline ? timeline.last.revision + 1 : 0;
    const events = await this.store.readStream(consultationStream(id), { fromRevision: from });
    if (!timeline) {
      if (events.length === 0) throw new ConsultationNotFound(id);
      timeline = start(events.shift()!);
    }
    verifyLinks(timeline.last.hash, events);
    for (const event of events) {
      const snapshot = applyEvents(timeline.definition, timeline.last.snapshot, [event], ignoreRefusal);
      timeline.last = { revision: event.revision, hash: event.hash, snapshot };
      timeline.recordedAt.push(Date.parse(event.metadata.recordedAt));
      if (event.revision % this.every === 0) timeline.checkpoints.push(timeline.last);
    }
    if (timeline.checkpoints[timeline.checkpoints.length - 1] !== timeline.last) timeline.checkpoints.push(timeline.last);
    this.timelines.delete(id);
    this.timelines.set(id, timeline);
    if (this.timelines.size > this.capacity) this.timelines.delete(this.timelines.keys().next().value!);
    return timeline;
  }
}

function start(launched: StoredEvent): Timeline {
  verifyLinks(launched.prevHash, [launched]);
  const launch = launched.data as unknown as LaunchData;
  const definition = findWorkflow(launch.workflow, launch.version);
  const first = { revision: 0, hash: launched.hash, snapshot: launchSnapshot(definition, launch) };
  return { definition, launch, recordedAt: [Date.parse(launched.metadata.recordedAt)], checkpoints: [first], last: first };
}

/** Each event must link to the hash before it and hash to what it says. */
function verifyLinks(prevHash: string, events: StoredEvent[]): void {
  let previous = prevHash;
  for (const event of events) {
    if (event.prevHash !== previous || chainHash(previous, event.stream, event.revision, event) !== event.hash) {
      throw new HistoryTampered(`${event.stream} revision ${event.revision} does not match its hash chain: run verify`, { revision: event.revision });
    }
    previous = event.hash;
  }
}
