import {
  END, EventData, NO_STREAM, Position, ReadPosition, START, WrongExpectedVersionError, jsonEvent,
} from '@eventstore/db-client';
import { IdempotencyConflict, WrongExpectedRevision } from '../errors';
import { AppendResult, EventMetadata, ExpectedRevision, NewEvent, StoredEvent } from '../event-store.port';

/**
 * Pure translation between the port's shapes and `@eventstore/db-client`'s, kept apart
 * from the adapter so it can be tested without a server.
 */

/** The metadata key under which the hash-chain link travels; it is stripped on read. */
export const CHAIN_KEY = '$chain';

/** Streams that reserve an event id for one stream (durable, cross-stream idempotency). */
export const RESERVATION_PREFIX = 'consult.event-id-';

/** .NET writes `-1` as an unsigned 64-bit value when a read carries no position. */
const NO_POSITION = 18446744073709551615n;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A recorded event as the client hands it over (stream read, `$all` read or subscription). */
export interface RecordedLike {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  isJson: boolean;
  data: unknown;
  metadata?: unknown;
  position?: Position;
}

export interface ChainLink {
  prevHash: string;
  hash: string;
}

/** Our event as KurrentDB event data: our id, JSON data, our metadata plus the chain link. */
export function toEventData(event: NewEvent, link: ChainLink): EventData {
  if (CHAIN_KEY in event.metadata) throw new RangeError(`event ${event.id}: metadata key ${CHAIN_KEY} is reserved`);
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, [CHAIN_KEY]: { prevHash: link.prevHash, hash: link.hash } },
  });
}

/** A recorded KurrentDB event as our stored event; an event without a link gets empty hashes. */
export function toStoredEvent(recorded: RecordedLike): StoredEvent {
  if (!recorded.isJson) throw new TypeError(`event ${recorded.id} in ${recorded.streamId} is not JSON`);
  const { [CHAIN_KEY]: chain, ...metadata } = (recorded.metadata ?? {}) as Record<string, unknown>;
  const link = (chain ?? {}) as Partial<ChainLink>;
  return {
    id: recorded.id,
    type: recorded.type,
    stream: recorded.streamId,
    revision: toSafeNumber(recorded.revision, 'revision'),
    position: toPositionNumber(recorded.position, recorded.id),
    data: recorded.data as Record<string, unknown>,
    metadata: metadata as EventMetadata,
    prevHash: typeof link.prevHash === 'string' ? link.prevHash : '',
    hash: typeof link.hash === 'string' ? link.hash : '',
  };
}

/**
 * Our position is the event's own log position (its prepare position). Every event this
 * adapter writes is an implicit transaction, where KurrentDB's `$all` commit position
 * equals it; stream reads report it too (KurrentDB ≥ 22.6). Increasing, not gap-free.
 */
export function toPositionNumber(position: Position | undefined, eventId: string): number {
  const value = [position?.prepare, position?.commit].find((p) => p !== undefined && p >= 0n && p !== NO_POSITION);
  if (value === undefined) {
    throw new Error(`event ${eventId} was read without a log position: KurrentDB 22.6 or later is required`);
  }
  return toSafeNumber(value, 'position');
}

/** Where to start a forward `$all` read or subscription for events after `after`. */
export function toReadPosition(after: number): ReadPosition {
  return after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START;
}

/** The start of a backwards `$all` read. */
export const FROM_END: ReadPosition = END;

/** `a` comes strictly after `b` in `$all` order. */
export function isAfter(a: Position, b: Position): boolean {
  return a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);
}

/** System events and our reservation markers never leave the adapter. */
export function isOwnEvent(recorded: Pick<RecordedLike, 'streamId' | 'type'> | undefined): boolean {
  if (!recorded) return false;
  return !recorded.type.startsWith('$') && !recorded.streamId.startsWith('$') && !isReservationStream(recorded.streamId);
}

export function isReservationStream(stream: string): boolean {
  return stream.startsWith(RESERVATION_PREFIX);
}

export function reservationStream(eventId: string): string {
  return `${RESERVATION_PREFIX}${eventId}`;
}

/** Rejects what KurrentDB or this adapter cannot store; returns the events with lower-case ids. */
export function validateAppend(stream: string, events: NewEvent[]): NewEvent[] {
  if (!stream || stream.startsWith('$') || isReservationStream(stream)) {
    throw new RangeError(`cannot append to stream "${stream}": reserved name`);
  }
  if (events.length === 0) throw new RangeError('append needs at least one event');
  const ids = new Set<string>();
  return events.map((event) => {
    if (!UUID.test(event.id)) throw new RangeError(`event id "${event.id}" is not a uuid (KurrentDB requires one)`);
    const id = event.id.toLowerCase();
    if (ids.has(id)) throw new RangeError(`event id ${id} appears twice in one append`);
    if (CHAIN_KEY in event.metadata) throw new RangeError(`event ${id}: metadata key ${CHAIN_KEY} is reserved`);
    ids.add(id);
    return id === event.id ? event : { ...event, id };
  });
}

/** The stream's current revision as the port reports it. */
export function revisionOf(tail: StoredEvent | undefined): number | 'no-stream' {
  return tail ? tail.revision : 'no-stream';
}

/** Whether the caller's expectation holds for the stream's last event. */
export function expectationHolds(expected: ExpectedRevision, tail: StoredEvent | undefined): boolean {
  return expected === 'any' || expected === revisionOf(tail);
}

/** The exact expectation sent to KurrentDB: always the revision the chain was computed on. */
export function exactRevision(tail: StoredEvent | undefined): bigint | typeof NO_STREAM {
  return tail ? BigInt(tail.revision) : NO_STREAM;
}

/** KurrentDB's concurrency error as ours. */
export function toWrongExpectedRevision(
  error: WrongExpectedVersionError, stream: string, expected: ExpectedRevision,
): WrongExpectedRevision {
  const actual = typeof error.actualVersion === 'bigint' ? toSafeNumber(error.actualVersion, 'revision') : 'no-stream';
  return new WrongExpectedRevision(stream, expected, actual);
}

/**
 * The original result when every id of `events` is among `candidates` (events of the
 * target stream), undefined when none is, and a conflict when only some are.
 */
export function findOriginal(stream: string, events: NewEvent[], candidates: StoredEvent[]): AppendResult | undefined {
  const byId = new Map(candidates.map((event) => [event.id.toLowerCase(), event]));
  const present = events.map((event) => byId.get(event.id.toLowerCase())).filter((e): e is StoredEvent => !!e);
  if (present.length === 0) return undefined;
  if (present.length < events.length) {
    throw new IdempotencyConflict(`append to ${stream}: ${present.length} of ${events.length} event ids are already stored`);
  }
  const last = present[present.length - 1];
  return { nextRevision: last.revision, position: last.position, events: present, duplicate: true };
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return Number(value);
}
