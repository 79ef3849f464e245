import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import {
  ANY, AppendExpectedRevision, EventData, NO_STREAM, Position, ReadPosition, ReadRevision, STREAM_EXISTS,
  StreamNotFoundError, WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { Tamperer } from '../testing';
import type { KurrentClient } from './kurrentdb.client';

/** One record of the fake log, shaped like the client's recorded event. */
export interface FakeRecord {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  isJson: true;
  data: unknown;
  metadata: unknown;
  created: Date;
  position: Position;
}

interface ReadOptions { direction?: string; fromRevision?: ReadRevision; fromPosition?: ReadPosition; maxCount?: number | bigint }
interface SubscribeOptions { fromPosition?: ReadPosition; filter?: { filterOn: string; regex?: string } }

/**
 * An in-memory stand-in for `EventStoreDBClient`, faithful to what the adapter relies on:
 * atomic appends with expected revisions and WrongExpectedVersionError, byte-offset log
 * positions (increasing, with gaps), system events between writes, inclusive `$all`
 * reads, exclusive subscription starts, StreamNotFoundError for unknown streams.
 * It is not KurrentDB: the int spec runs the same contract against a real server.
 */
export class FakeKurrentClient {
  readonly log: FakeRecord[] = [];
  /** False imitates servers before 22.6, whose stream reads carry no position. */
  streamReadPositions = true;
  disposed = false;
  private nextPosition = 4096n;
  private readonly live = new Set<(record: FakeRecord) => void>();

  async appendToStream(streamName: string, events: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } = {}) {
    await new Promise((resolve) => setImmediate(resolve));
    const list = Array.isArray(events) ? events : [events];
    const current = this.revision(streamName);
    const expected = options.expectedRevision ?? ANY;
    const holds = expected === ANY || (expected === NO_STREAM ? current < 0n
      : expected === STREAM_EXISTS ? current >= 0n : expected === current);
    if (!holds) {
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current < 0n ? NO_STREAM : current });
    }
    let revision = current;
    const written = list.map((event) => this.push(streamName, event.type, event.id, (revision += 1n), event.data, event.metadata));
    this.push(`$ce-${streamName.split('-')[0]}`, '$>', randomUUID(), 0n, `${revision}@${streamName}`, undefined);
    return { success: true, nextExpectedRevision: revision, position: written[written.length - 1].position };
  }

  readStream(streamName: string, options: ReadOptions = {}) {
    const events = this.log.filter((r) => r.streamId === streamName);
    if (events.length === 0) return failing(new StreamNotFoundError(undefined, streamName));
    const backwards = options.direction === 'backwards';
    const from = typeof options.fromRevision === 'bigint' ? options.fromRevision : undefined;
    const selected = backwards
      ? events.filter((r) => from === undefined || r.revision <= from).sort((a, b) => Number(b.revision - a.revision))
      : events.filter((r) => from === undefined || r.revision >= from).sort((a, b) => Number(a.revision - b.revision));
    return Readable.from(take(selected, options.maxCount).map((r) => ({
      event: { ...r, position: this.streamReadPositions ? r.position : undefined },
    })));
  }

  readAll(options: ReadOptions = {}) {
    const from = typeof options.fromPosition === 'object' ? options.fromPosition : undefined;
    const selected = options.direction === 'backwards'
      ? this.log.filter((r) => !from || before(r.position, from)).reverse()
      : this.log.filter((r) => !from || !before(r.position, from));
    return Readable.from(take(selected, options.maxCount).map((r) => ({ event: r, commitPosition: r.position.commit })));
  }

  subscribeToAll(options: SubscribeOptions = {}) {
    const from = typeof options.fromPosition === 'object' ? options.fromPosition : undefined;
    const regex = options.filter?.filterOn === 'eventType' && options.filter.regex ? new RegExp(options.filter.regex) : undefined;
    const stream = new PassThrough({ objectMode: true });
    const deliver = (r: FakeRecord): void => {
      if (!regex || regex.test(r.type)) stream.write({ event: r, commitPosition: r.position.commit });
    };
    this.log.filter((r) => !from || before(from, r.position)).forEach(deliver);
    this.live.add(deliver);
    return Object.assign(stream, {
      unsubscribe: async () => { this.live.delete(deliver); stream.end(); },
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.live.clear();
  }

  /** Raw edits of the fake log, for the contract suite's tamper tests. */
  tamperer(): Tamperer {
    const find = (stream: string, revision: number) =>
      this.log.find((r) => r.streamId === stream && r.revision === BigInt(revision))!;
    return {
      modifyData: async (stream, revision, data) => {
        const record = find(stream, revision);
        record.data = { ...(record.data as object), ...data };
      },
      remove: async (stream, revision) => { this.log.splice(this.log.indexOf(find(stream, revision)), 1); },
      swap: async (stream, a, b) => {
        const [x, y] = [find(stream, a), find(stream, b)];
        [x.revision, y.revision] = [y.revision, x.revision];
      },
    };
  }

  /** Typed as the real client, for `KurrentDbEventStore.fromClient`. */
  asClient(): KurrentClient {
    return this as unknown as KurrentClient;
  }

  private revision(stream: string): bigint {
    return this.log.reduce((max, r) => (r.streamId === stream && r.revision > max ? r.revision : max), -1n);
  }

  private push(streamId: string, type: string, id: string, revision: bigint, data: unknown, metadata: unknown): FakeRecord {
    const copy = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
    const position = { commit: this.nextPosition, prepare: this.nextPosition };
    const record: FakeRecord = {
      streamId, id, type, revision, isJson: true, data: copy(data), metadata: copy(metadata), created: new Date(), position,
    };
    this.nextPosition += BigInt(120 + JSON.stringify(record.data ?? null).length);
    this.log.push(record);
    this.live.forEach((deliver) => deliver(record));
    return record;
  }
}

function before(a: Position, b: Position): boolean {
  return a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);
}

function take<T>(items: T[], maxCount: number | bigint | undefined): T[] {
  return maxCount === undefined ? items : items.slice(0, Number(maxCount));
}

function failing(error: Error): Readable {
  return new Readable({ objectMode: true, read() { this.destroy(error); } });
}
