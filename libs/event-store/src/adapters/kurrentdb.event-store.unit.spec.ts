import { NO_STREAM, START, WrongExpectedVersionError, jsonEvent } from '@eventstore/db-client';
import { firstValueFrom, take, toArray } from 'rxjs';
import { IdempotencyConflict, WrongExpectedRevision } from '../errors';
import { StoredEvent } from '../event-store.port';
import { GENESIS_HASH, chainHash, verifyChain } from '../hash-chain';
import { describeEventStoreContract, newStream, sampleEvent, sampleEvents } from '../testing';
import { KurrentDbEventStore } from './kurrentdb.event-store';
import { FakeKurrentClient } from './kurrentdb.fake-client';
import {
  CHAIN_KEY, RecordedLike, exactRevision, expectationHolds, findOriginal, isAfter, isOwnEvent, reservationStream,
  toEventData, toPositionNumber, toReadPosition, toStoredEvent, toWrongExpectedRevision, validateAppend,
} from './kurrentdb.mapping';

/** What the client would hand back after storing `data` at `revision` and log position `at`. */
function recorded(data: ReturnType<typeof toEventData>, stream: string, revision: number, at: bigint): RecordedLike {
  return {
    streamId: stream, id: data.id, type: data.type, revision: BigInt(revision), isJson: true,
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: data.metadata === undefined ? undefined : JSON.parse(JSON.stringify(data.metadata)),
    position: { commit: at, prepare: at },
  };
}

describe('kurrentdb mapping', () => {
  const stream = 'consultation-1';

  it('writes our id, type and data, and our metadata plus the chain link under $chain', () => {
    const event = sampleEvent();
    const data = toEventData(event, { prevHash: GENESIS_HASH, hash: 'h0' });
    expect(data).toMatchObject({ id: event.id, type: event.type, contentType: 'application/json', data: event.data });
    expect(data.metadata).toEqual({ ...event.metadata, [CHAIN_KEY]: { prevHash: GENESIS_HASH, hash: 'h0' } });
  });

  it('refuses metadata that already uses the $chain key', () => {
    const event = sampleEvent();
    expect(() => toEventData({ ...event, metadata: { ...event.metadata, [CHAIN_KEY]: 1 } }, { prevHash: '', hash: '' }))
      .toThrow(RangeError);
  });

  it('reads a recorded event back as the stored event whose chain verifies', () => {
    const [a, b] = sampleEvents(2);
    const hashA = chainHash(GENESIS_HASH, stream, 0, a);
    const hashB = chainHash(hashA, stream, 1, b);
    const stored = [
      toStoredEvent(recorded(toEventData(a, { prevHash: GENESIS_HASH, hash: hashA }), stream, 0, 4096n)),
      toStoredEvent(recorded(toEventData(b, { prevHash: hashA, hash: hashB }), stream, 1, 4500n)),
    ];
    expect(stored[1]).toEqual({ ...b, stream, revision: 1, position: 4500, prevHash: hashA, hash: hashB });
    expect(stored[0].metadata).not.toHaveProperty(CHAIN_KEY);
    expect(verifyChain(stored)).toEqual({ ok: true, events: 2, problems: [] });
  });

  it('gives an event without a chain link empty hashes, so verification flags it', () => {
    const data = jsonEvent({ id: sampleEvent().id, type: 'Foreign', data: { x: 1 } });
    const stored = toStoredEvent(recorded(data, stream, 0, 10n));
    expect([stored.prevHash, stored.hash]).toEqual(['', '']);
    expect(verifyChain([stored]).ok).toBe(false);
  });

  it('refuses to read binary events', () => {
    const data = toEventData(sampleEvent(), { prevHash: '', hash: '' });
    expect(() => toStoredEvent({ ...recorded(data, stream, 0, 1n), isJson: false })).toThrow(TypeError);
  });

  it('uses the log position, and fails clearly when a server sends none', () => {
    expect(toPositionNumber({ commit: 900n, prepare: 900n }, 'e')).toBe(900);
    expect(toPositionNumber({ commit: 18446744073709551615n, prepare: 77n }, 'e')).toBe(77);
    expect(() => toPositionNumber(undefined, 'e')).toThrow(/22\.6/);
    const none = 18446744073709551615n;
    expect(() => toPositionNumber({ commit: none, prepare: none }, 'e')).toThrow(/without a log position/);
    expect(() => toPositionNumber({ commit: 2n ** 60n, prepare: 2n ** 60n }, 'e')).toThrow(RangeError);
  });

  it('maps a checkpoint to a $all start position and orders positions', () => {
    expect(toReadPosition(0)).toBe(START);
    expect(toReadPosition(4096)).toEqual({ commit: 4096n, prepare: 4096n });
    expect(isAfter({ commit: 5n, prepare: 5n }, { commit: 4n, prepare: 9n })).toBe(true);
    expect(isAfter({ commit: 5n, prepare: 6n }, { commit: 5n, prepare: 5n })).toBe(true);
    expect(isAfter({ commit: 5n, prepare: 5n }, { commit: 5n, prepare: 5n })).toBe(false);
  });

  it('keeps system events and reservation markers out', () => {
    expect(isOwnEvent({ streamId: stream, type: 'DraftPublished' })).toBe(true);
    expect(isOwnEvent({ streamId: stream, type: '$metadata' })).toBe(false);
    expect(isOwnEvent({ streamId: '$projections-x-result', type: 'Result' })).toBe(false);
    expect(isOwnEvent({ streamId: reservationStream(sampleEvent().id), type: 'EventIdReserved' })).toBe(false);
    expect(isOwnEvent(undefined)).toBe(false);
  });

  it('validates appends and lower-cases ids as KurrentDB returns them', () => {
    const event = sampleEvent();
    expect(validateAppend(stream, [{ ...event, id: event.id.toUpperCase() }])[0].id).toBe(event.id);
    expect(() => validateAppend(stream, [])).toThrow(RangeError);
    expect(() => validateAppend(stream, [{ ...event, id: 'not-a-uuid' }])).toThrow(/uuid/);
    expect(() => validateAppend(stream, [event, event])).toThrow(/twice/);
    expect(() => validateAppend(stream, [{ ...event, metadata: { ...event.metadata, [CHAIN_KEY]: {} } }])).toThrow(/reserved/);
    expect(() => validateAppend('$all', [event])).toThrow(/reserved/);
    expect(() => validateAppend(reservationStream(event.id), [event])).toThrow(/reserved/);
  });

  it('checks expectations against the last event and sends the exact revision', () => {
    const tail = { revision: 3 } as StoredEvent;
    expect(expectationHolds('any', undefined)).toBe(true);
    expect(expectationHolds('no-stream', undefined)).toBe(true);
    expect(expectationHolds('no-stream', tail)).toBe(false);
    expect(expectationHolds(3, tail)).toBe(true);
    expect(expectationHolds(2, tail)).toBe(false);
    expect(exactRevision(tail)).toBe(3n);
    expect(exactRevision(undefined)).toBe(NO_STREAM);
  });

  it("maps KurrentDB's WrongExpectedVersionError to WrongExpectedRevision", () => {
    const existing = new WrongExpectedVersionError(undefined, { streamName: stream, expected: 1n, current: 4n });
    expect(toWrongExpectedRevision(existing, stream, 1)).toMatchObject({ stream, expected: 1, actual: 4 });
    const missing = new WrongExpectedVersionError(undefined, { streamName: stream, expected: 0n, current: NO_STREAM });
    const mapped = toWrongExpectedRevision(missing, stream, 0);
    expect(mapped).toBeInstanceOf(WrongExpectedRevision);
    expect(mapped.actual).toBe('no-stream');
  });

  it('finds the original append, or a conflict when only some ids are stored', () => {
    const [a, b, c] = sampleEvents(3);
    const stored = [a, b].map((e, i) => ({ ...e, stream, revision: i, position: 10 + i, prevHash: '', hash: `h${i}` }));
    expect(findOriginal(stream, [c], stored)).toBeUndefined();
    expect(findOriginal(stream, [a, b], stored)).toEqual({ nextRevision: 1, position: 11, events: stored, duplicate: true });
    expect(() => findOriginal(stream, [b, c], stored)).toThrow(IdempotencyConflict);
  });
});

let fake: FakeKurrentClient;
describeEventStoreContract(
  'kurrentdb adapter over an in-memory fake client',
  async () => KurrentDbEventStore.fromClient((fake = new FakeKurrentClient()).asClient()),
  { gapFreePositions: false, tamper: () => fake.tamperer() },
);

describe('kurrentdb adapter (fake client)', () => {
  let client: FakeKurrentClient;
  let store: KurrentDbEventStore;
  beforeEach(() => {
    client = new FakeKurrentClient();
    store = KurrentDbEventStore.fromClient(client.asClient());
  });

  it('declares positions that are not gap-free', async () => {
    expect(store.capabilities.gapFreePositions).toBe(false);
    const { events } = await store.append(newStream(), sampleEvents(3));
    expect(events[1].position - events[0].position).toBeGreaterThan(1);
  });

  it('stores the chain link in KurrentDB metadata and reserves each id for its stream', async () => {
    const stream = newStream();
    const { events } = await store.append(stream, sampleEvents(1));
    const raw = client.log.find((r) => r.id === events[0].id)!;
    expect(raw.metadata).toMatchObject({ [CHAIN_KEY]: { prevHash: GENESIS_HASH, hash: events[0].hash } });
    const marker = client.log.find((r) => r.streamId === reservationStream(events[0].id))!;
    expect(marker.data).toEqual({ stream });
  });

  it('hides system events and reservation markers from readAll, headPosition and subscriptions', async () => {
    const { position } = await store.append(newStream(), sampleEvents(2));
    expect(client.log.length).toBeGreaterThan(2);
    const all = await store.readAll();
    expect(all.map((e) => e.type)).toEqual(['ContributionSubmitted', 'ContributionSubmitted']);
    expect(await store.headPosition()).toBe(position);
    const live = await firstValueFrom(store.subscribeToAll().pipe(take(2), toArray()));
    expect(live.map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it('refuses an id reserved for another stream even when that append never happened', async () => {
    const event = sampleEvent();
    await client.appendToStream(reservationStream(event.id), jsonEvent({ type: 'EventIdReserved', data: { stream: 'other' } }));
    await expect(store.append(newStream(), [event])).rejects.toBeInstanceOf(IdempotencyConflict);
  });

  it('writes an id whose earlier reservation for the same stream was never followed by its append', async () => {
    const stream = newStream();
    const event = sampleEvent();
    await client.appendToStream(reservationStream(event.id), jsonEvent({ type: 'EventIdReserved', data: { stream } }));
    const result = await store.append(stream, [event]);
    expect(result.duplicate).toBe(false);
    expect((await store.readStream(stream)).map((e) => e.id)).toEqual([event.id]);
  });

  it('returns the original result for a retry with a now stale expectation', async () => {
    const stream = newStream();
    const events = sampleEvents(2);
    const first = await store.append(stream, events, { expectedRevision: 'no-stream' });
    await store.append(stream, sampleEvents(1));
    const retry = await store.append(stream, events, { expectedRevision: 'no-stream' });
    expect(retry).toEqual({ ...first, duplicate: true });
  });

  it("appends every 'any' writer racing on one stream, each once", async () => {
    const stream = newStream();
    const batches = Array.from({ length: 8 }, () => sampleEvents(2));
    await Promise.all(batches.map((events) => store.append(stream, events)));
    const read = await store.readStream(stream);
    expect(read).toHaveLength(16);
    expect((await store.verifyStream(stream)).ok).toBe(true);
  });

  it('fails with a clear message on a server whose stream reads carry no positions', async () => {
    client.streamReadPositions = false;
    await expect(store.append(newStream(), sampleEvents(1))).rejects.toThrow(/22\.6 or later/);
  });

  it('disposes the client on close', async () => {
    await store.close();
    expect(client.disposed).toBe(true);
  });
});
