import fc from 'fast-check';
import { firstValueFrom, take, toArray } from 'rxjs';
import { IdempotencyConflict, WrongExpectedRevision } from '../errors';
import { EventStore, StoredEvent } from '../event-store.port';
import { newStream, sampleEvent, sampleEvents } from './event-factory';

/** Raw access to an adapter's storage, so the suite can tamper with what it wrote. */
export interface Tamperer {
  modifyData(stream: string, revision: number, data: Record<string, unknown>): Promise<void>;
  remove(stream: string, revision: number): Promise<void>;
  swap(stream: string, revisionA: number, revisionB: number): Promise<void>;
}

export interface ContractOptions {
  /** KurrentDB's `$all` commit positions increase but are not consecutive. */
  gapFreePositions?: boolean;
  tamper?: (store: EventStore) => Tamperer;
}

/** The contract every adapter passes unchanged. `open` gives a fresh, empty store. */
export function describeEventStoreContract(name: string, open: () => Promise<EventStore>, options: ContractOptions = {}) {
  const gapFree = options.gapFreePositions ?? true;

  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => { store = await open(); });
    afterAll(async () => { await store?.close(); });

    describe('append', () => {
      it('numbers a new stream from revision 0 and returns the last revision and position', async () => {
        const stream = newStream();
        const result = await store.append(stream, sampleEvents(3));
        expect(result.nextRevision).toBe(2);
        expect(result.duplicate).toBe(false);
        expect(result.events.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(result.position).toBe(result.events[2].position);
        const again = await store.append(stream, sampleEvents(1));
        expect(again.nextRevision).toBe(3);
        expect(again.position).toBeGreaterThan(result.position);
      });

      it('writes all events of an append or none of them', async () => {
        const stream = newStream();
        const stored = sampleEvent();
        await store.append(newStream(), [stored]);
        const fresh = sampleEvent();
        await expect(store.append(stream, [fresh, stored])).rejects.toBeInstanceOf(IdempotencyConflict);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('keeps data and metadata exactly as given', async () => {
        const stream = newStream();
        const event = sampleEvent('DraftPublished', {
          sections: [{ number: '1', title: 'مقدمة' }], ratio: 0.1, big: 12345678901, flag: false, none: null,
        });
        await store.append(stream, [event]);
        const [read] = await store.readStream(stream);
        expect(read.data).toEqual(event.data);
        expect(read.metadata).toEqual(event.metadata);
        expect(read.type).toBe('DraftPublished');
        expect(read.id).toBe(event.id);
      });
      it('hashes what a read returns, so a value JSON changes (a Date) still verifies', async () => {
        const stream = newStream();
        const event = sampleEvent('MeetingScheduled', { startsAt: new Date('2020-04-23T11:00:00Z') as unknown as string });
        await store.append(stream, [event]);
        const [read] = await store.readStream(stream);
        expect(read.data.startsAt).toBe('2020-04-23T11:00:00.000Z');
        expect((await store.verifyStream(stream)).ok).toBe(true);
      });
    });

    describe('expected revision', () => {
      it("accepts 'no-stream' for a new stream and refuses it for an existing one", async () => {
        const stream = newStream();
        await store.append(stream, sampleEvents(1), { expectedRevision: 'no-stream' });
        const error = await store.append(stream, sampleEvents(1), { expectedRevision: 'no-stream' }).catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevision);
        expect(error).toMatchObject({ stream, expected: 'no-stream', actual: 0 });
      });

      it('accepts the exact current revision and refuses a stale one, writing nothing', async () => {
        const stream = newStream();
        await store.append(stream, sampleEvents(2));
        await store.append(stream, sampleEvents(1), { expectedRevision: 1 });
        const error = await store.append(stream, sampleEvents(1), { expectedRevision: 1 }).catch((e) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevision);
        expect(error).toMatchObject({ expected: 1, actual: 2 });
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('refuses an exact revision on a stream that does not exist', async () => {
        const error = await store.append(newStream(), sampleEvents(1), { expectedRevision: 0 }).catch((e) => e);
        expect(error).toMatchObject({ actual: 'no-stream' });
      });

      it("appends whatever the revision with 'any'", async () => {
        const stream = newStream();
        await store.append(stream, sampleEvents(1), { expectedRevision: 'any' });
        const result = await store.append(stream, sampleEvents(1), { expectedRevision: 'any' });
        expect(result.nextRevision).toBe(1);
      });

      it('lets exactly one of two racing writers with the same expectation win', async () => {
        const stream = newStream();
        await store.append(stream, sampleEvents(1));
        const outcomes = await Promise.allSettled([
          store.append(stream, sampleEvents(1), { expectedRevision: 0 }),
          store.append(stream, sampleEvents(1), { expectedRevision: 0 }),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(WrongExpectedRevision);
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('idempotency', () => {
      it('returns the first result for a re-append of the same ids and writes nothing', async () => {
        const stream = newStream();
        const events = sampleEvents(2);
        const first = await store.append(stream, events, { expectedRevision: 'no-stream' });
        const head = await store.headPosition();
        const retry = await store.append(stream, events, { expectedRevision: 'no-stream' });
        expect(retry.duplicate).toBe(true);
        expect(retry.nextRevision).toBe(first.nextRevision);
        expect(retry.position).toBe(first.position);
        expect(retry.events.map((e) => e.hash)).toEqual(first.events.map((e) => e.hash));
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('writes once when the same append is retried concurrently', async () => {
        const stream = newStream();
        const events = sampleEvents(2);
        const results = await Promise.all([1, 2, 3].map(() => store.append(stream, events)));
        expect(new Set(results.map((r) => r.position)).size).toBe(1);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('refuses an append where only some ids are already stored', async () => {
        const stream = newStream();
        const [a, b] = sampleEvents(2);
        await store.append(stream, [a]);
        await expect(store.append(stream, [a, b])).rejects.toBeInstanceOf(IdempotencyConflict);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('reads', () => {
      it('reads a stream forwards and backwards from a revision', async () => {
        const stream = newStream();
        await store.append(stream, sampleEvents(5));
        const forwards = await store.readStream(stream, { fromRevision: 1, maxCount: 3 });
        expect(forwards.map((e) => e.revision)).toEqual([1, 2, 3]);
        const backwards = await store.readStream(stream, { direction: 'backwards', fromRevision: 3, maxCount: 2 });
        expect(backwards.map((e) => e.revision)).toEqual([3, 2]);
        const last = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
        expect(last[0].revision).toBe(4);
      });

      it('reads an unknown stream as empty', async () => {
        expect(await store.readStream(newStream())).toEqual([]);
      });

      it('reads all events after a position, in increasing positions', async () => {
        const head = await store.headPosition();
        const first = await store.append(newStream(), sampleEvents(2));
        const second = await store.append(newStream(), sampleEvents(2));
        const all = await store.readAll({ after: head });
        expect(all.map((e) => e.id)).toEqual([...first.events, ...second.events].map((e) => e.id));
        const page = await store.readAll({ after: head, maxCount: 3 });
        expect(page).toHaveLength(3);
        assertIncreasing(all, gapFree);
        expect(await store.headPosition()).toBe(second.position);
      });

      it('reads the positions and hashes alone, as readAll has them', async () => {
        const head = await store.headPosition();
        await store.append(newStream(), sampleEvents(3));
        const all = await store.readAll({ after: head });
        expect(await store.readHashes({ after: head })).toEqual(all.map(({ position, hash }) => ({ position, hash })));
        expect(await store.readHashes({ after: all[0].position, maxCount: 1 })).toEqual([{ position: all[1].position, hash: all[1].hash }]);
      });
    });

    describe('subscription', () => {
      it('delivers catch-up then live events with no gap and no duplicate while writers append', async () => {
        const from = await store.headPosition();
        await Promise.all([1, 2, 3].map(() => store.append(newStream(), sampleEvents(20))));
        const expected = 60 + 4 * 25 * 2;
        const received = firstValueFrom(store.subscribeToAll(from).pipe(take(expected), toArray()));
        await Promise.all([1, 2, 3, 4].map(async () => {
          const stream = newStream();
          for (let i = 0; i < 25; i += 1) await store.append(stream, sampleEvents(2));
        }));
        const events = await received;
        expect(new Set(events.map((e) => e.id)).size).toBe(expected);
        assertIncreasing(events, gapFree);
        const stored = await store.readAll({ after: from, maxCount: expected });
        expect(events.map((e) => e.id)).toEqual(stored.map((e) => e.id));
      });
    });

    describe('hash chain', () => {
      it('links each event to the previous one and verifies', async () => {
        const stream = newStream();
        await store.append(stream, sampleEvents(2));
        await store.append(stream, sampleEvents(2));
        const events = await store.readStream(stream);
        events.slice(1).forEach((event, i) => expect(event.prevHash).toBe(events[i].hash));
        expect(await store.verifyStream(stream)).toEqual({ ok: true, events: 4, problems: [] });
      });

      const tamperIt = options.tamper ? it : it.skip;
      tamperIt('finds a modified event', async () => {
        const stream = newStream();
        await store.append(stream, sampleEvents(4));
        await options.tamper!(store).modifyData(stream, 2, { text: 'rewritten' });
        const result = await store.verifyStream(stream);
        expect(result.ok).toBe(false);
        expect(result.problems[0]).toMatchObject({ revision: 2, problem: 'hash-mismatch' });
      });

      tamperIt('finds a removed event', async () => {
        const stream = newStream();
        await store.append(stream, sampleEvents(4));
        await options.tamper!(store).remove(stream, 1);
        const result = await store.verifyStream(stream);
        expect(result.ok).toBe(false);
        expect(result.problems.map((p) => p.problem)).toContain('revision-gap');
      });

      tamperIt('finds reordered events', async () => {
        const stream = newStream();
        await store.append(stream, sampleEvents(4));
        await options.tamper!(store).swap(stream, 1, 2);
        const result = await store.verifyStream(stream);
        expect(result.ok).toBe(false);
        expect(result.problems.some((p) => p.revision === 1)).toBe(true);
      });
    });

    describe('concurrent appenders (property)', () => {
      it('keeps revisions, positions, atomicity and chains under random concurrent appends', async () => {
        const appendArb = fc.record({
          stream: fc.integer({ min: 0, max: 3 }),
          size: fc.integer({ min: 1, max: 3 }),
          expectation: fc.constantFrom('any', 'exact', 'stale', 'no-stream'),
        });
        await fc.assert(
          fc.asyncProperty(fc.array(appendArb, { minLength: 1, maxLength: 24 }), async (plan) => {
            const streams = [0, 1, 2, 3].map(() => newStream('prop'));
            const before = await store.headPosition();
            const attempts = plan.map((step) => ({ ...step, events: sampleEvents(step.size) }));
            const outcomes = await Promise.allSettled(attempts.map(async (step) => {
              const stream = streams[step.stream];
              const current = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
              const revision = current[0]?.revision ?? -1;
              const expectedRevision = step.expectation === 'any' ? 'any'
                : step.expectation === 'no-stream' ? 'no-stream'
                : step.expectation === 'exact' ? (revision < 0 ? 'no-stream' : revision)
                : revision + 1000;
              const result = await store.append(stream, step.events, { expectedRevision });
              const expectedFirst = expectedRevision === 'no-stream' ? 0 : expectedRevision === 'any' ? undefined : expectedRevision + 1;
              if (expectedFirst !== undefined) expect(result.events[0].revision).toBe(expectedFirst);
              return result;
            }));
            const written = await store.readAll({ after: before });
            const writtenIds = new Set(written.map((e) => e.id));
            outcomes.forEach((outcome, i) => {
              const ids = attempts[i].events.map((e) => e.id);
              if (outcome.status === 'fulfilled') {
                expect(ids.every((id) => writtenIds.has(id))).toBe(true);
                expect(outcome.value.events.map((e) => e.id)).toEqual(ids);
              } else {
                expect(outcome.reason).toBeInstanceOf(WrongExpectedRevision);
                expect(attempts[i].expectation).not.toBe('any');
                expect(ids.some((id) => writtenIds.has(id))).toBe(false);
              }
              if (attempts[i].expectation === 'stale') expect(outcome.status).toBe('rejected');
            });
            assertIncreasing(written, gapFree);
            if (gapFree && written.length > 0) expect(written[0].position).toBe(before + 1);
            for (const stream of streams) {
              const events = await store.readStream(stream);
              expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
              const batches = groupBy(events, (e) => attempts.findIndex((a) => a.events.some((x) => x.id === e.id)));
              for (const batch of batches.values()) {
                const revisions = batch.map((e) => e.revision);
                expect(revisions).toEqual(revisions.map((_, i) => revisions[0] + i));
              }
              expect((await store.verifyStream(stream)).ok).toBe(true);
            }
          }),
          { numRuns: 25 },
        );
      });
    });
  });
}

function assertIncreasing(events: StoredEvent[], gapFree: boolean): void {
  events.slice(1).forEach((event, i) => {
    if (gapFree) expect(event.position).toBe(events[i].position + 1);
    else expect(event.position).toBeGreaterThan(events[i].position);
  });
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
