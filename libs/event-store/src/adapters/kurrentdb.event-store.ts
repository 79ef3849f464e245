import { setTimeout as sleep } from 'node:timers/promises';
import {
  BACKWARDS, END, EventStoreDBClient, FORWARDS, Position, START, WrongExpectedVersionError,
} from '@eventstore/db-client';
import { Observable } from 'rxjs';
import { WrongExpectedRevision } from '../errors';
import {
  AppendOptions, AppendResult, ChainVerification, EventStore, ExpectedRevision, NewEvent,
  ReadAllOptions, ReadStreamOptions, StoredEvent,
} from '../event-store.port';
import { GENESIS_HASH, asStored, chainHash, verifyChain } from '../hash-chain';
import { KurrentClient, isWrongExpectedVersion, readEvents, redact } from './kurrentdb.client';
import {
  FROM_END, exactRevision, expectationHolds, findOriginal, isAfter, isOwnEvent, revisionOf,
  toEventData, toStoredEvent, toWrongExpectedRevision, validateAppend,
} from './kurrentdb.mapping';
import { IdReservations } from './kurrentdb.reservations';
import { subscribeAll } from './kurrentdb.subscription';

export interface KurrentDbEventStoreOptions {
  /** `esdb://host:2113?tls=false` (or `esdb+discover://` for a cluster). */
  connectionString: string;
}

/** What this adapter promises beyond, or short of, the port; the contract suite reads it. */
export interface KurrentDbCapabilities {
  /** `$all` log positions increase strictly but skip numbers. */
  gapFreePositions: false;
}

const PAGE = 500;
/** Attempts for an `'any'` append that keeps losing races to other writers. */
const ANY_ATTEMPTS = 50;

/**
 * KurrentDB (EventStoreDB) adapter. Streams are KurrentDB streams, our event id is the
 * KurrentDB event id, the chain link travels in the event metadata, and every append is
 * sent with the exact revision its hashes were computed on. Positions are log positions:
 * strictly increasing, not gap-free (`capabilities.gapFreePositions === false`). Durable
 * idempotency: see IdReservations. An append costs a few round trips: read the last
 * event, reserve the ids, look for them, append, read the positions back.
 */
export class KurrentDbEventStore extends EventStore {
  readonly kind = 'kurrentdb';
  readonly capabilities: KurrentDbCapabilities = { gapFreePositions: false };
  private readonly reservations: IdReservations;

  private constructor(private readonly client: KurrentClient) {
    super();
    this.reservations = new IdReservations(client);
  }

  /** Connects and checks the server answers (a `$all` read of one event). */
  static async open(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    const client = EventStoreDBClient.connectionString(options.connectionString);
    try {
      await readEvents(client.readAll({ direction: BACKWARDS, fromPosition: FROM_END, maxCount: 1 }));
    } catch (error) {
      await client.dispose();
      throw new Error(`KurrentDB at ${redact(options.connectionString)} is not reachable: ${(error as Error).message}`);
    }
    return new KurrentDbEventStore(client);
  }

  /** Wraps a client the caller built (tests use a fake). The store disposes it on close. */
  static fromClient(client: KurrentClient): KurrentDbEventStore {
    return new KurrentDbEventStore(client);
  }

  async append(stream: string, newEvents: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const events = validateAppend(stream, newEvents);
    const expected = options.expectedRevision ?? 'any';
    const tail = await this.lastEvent(stream);
    if (!expectationHolds(expected, tail)) return this.duplicateOrRefuse(stream, events, expected, tail);
    const claims = await this.reservations.claim(stream, events.map((e) => e.id));
    // Ids this call reserved first can only have been written after `tail` (by a racing retry).
    const searchFrom = claims.every((c) => c === 'claimed') ? (tail ? tail.revision + 1 : 0) : 0;
    return this.appendFrom(stream, events, expected, searchFrom, tail);
  }

  /** Searches for the ids from `searchFrom`, checks the expectation, writes; on a lost race, again. */
  private async appendFrom(
    stream: string, events: NewEvent[], expected: ExpectedRevision, searchFrom: number, knownTail?: StoredEvent,
  ): Promise<AppendResult> {
    for (let attempt = 1; ; attempt += 1) {
      const recent = await this.readStream(stream, { fromRevision: searchFrom });
      const original = findOriginal(stream, events, recent);
      if (original) return original;
      const tail = recent.at(-1) ?? knownTail;
      if (!expectationHolds(expected, tail)) throw new WrongExpectedRevision(stream, expected, revisionOf(tail));
      try {
        return await this.write(stream, events, tail);
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw error;
        if (attempt >= ANY_ATTEMPTS) throw toWrongExpectedRevision(error, stream, expected);
        knownTail = tail;
        await sleep(Math.random() * 4 * Math.min(attempt, 10));
      }
    }
  }

  /** A stale expectation is still a no-op when the append was already stored. */
  private async duplicateOrRefuse(
    stream: string, events: NewEvent[], expected: ExpectedRevision, tail: StoredEvent | undefined,
  ): Promise<AppendResult> {
    const owners = await this.reservations.owners(events.map((e) => e.id));
    if (owners.some((owner) => owner !== undefined)) {
      const original = findOriginal(stream, events, await this.readStream(stream));
      if (original) return original;
    }
    throw new WrongExpectedRevision(stream, expected, revisionOf(tail));
  }

  /** Chains the events onto `tail` and appends them expecting exactly that revision. */
  private async write(stream: string, events: NewEvent[], tail: StoredEvent | undefined): Promise<AppendResult> {
    let prevHash = tail?.hash ?? GENESIS_HASH;
    let revision = tail?.revision ?? -1;
    const data = events.map((given) => {
      const event = asStored(given);
      revision += 1;
      const hash = chainHash(prevHash, stream, revision, event);
      const eventData = toEventData(event, { prevHash, hash });
      prevHash = hash;
      return eventData;
    });
    const result = await this.client.appendToStream(stream, data, { expectedRevision: exactRevision(tail) });
    if (result.success === false) {
      // Only when the client was built with throwOnAppendFailure=false.
      const current = exactRevision(await this.lastEvent(stream));
      throw new WrongExpectedVersionError(undefined, { streamName: stream, expected: exactRevision(tail), current });
    }
    // Positions are assigned by the server: read the events back.
    const stored = await this.readStream(stream, { fromRevision: revision - events.length + 1, maxCount: events.length });
    return { nextRevision: revision, position: stored[stored.length - 1].position, events: stored, duplicate: false };
  }

  private async lastEvent(stream: string): Promise<StoredEvent | undefined> {
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return last;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const backwards = options.direction === 'backwards';
    const resolved = await readEvents(this.client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
      ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
    }));
    return resolved.filter((r) => r.event).map((r) => toStoredEvent(r.event!));
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: StoredEvent[] = [];
    let cursor: Position | undefined = after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : undefined;
    while (events.length < maxCount) {
      const page = await readEvents(this.client.readAll({ fromPosition: cursor ?? START, maxCount: PAGE }));
      for (const { event } of page) {
        // Forward reads include the event at the start position: skip what was seen.
        if (!event || (cursor && !isAfter(event.position, cursor))) continue;
        cursor = event.position;
        if (isOwnEvent(event)) events.push(toStoredEvent(event));
        if (events.length >= maxCount) break;
      }
      if (page.length < PAGE) break;
    }
    return events;
  }

  async headPosition(): Promise<number> {
    let from = FROM_END;
    for (;;) {
      const page = await readEvents(this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: PAGE }));
      const last = page.find((r) => isOwnEvent(r.event));
      if (last?.event) return toStoredEvent(last.event).position;
      if (page.length < PAGE || !page[page.length - 1].event) return 0;
      from = page[page.length - 1].event!.position;
    }
  }

  subscribeToAll(after = 0): Observable<StoredEvent> {
    return subscribeAll(this.client, after);
  }

  async verifyStream(stream: string): Promise<ChainVerification> {
    return verifyChain(await this.readStream(stream));
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
