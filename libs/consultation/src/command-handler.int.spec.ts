import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { AppendOptions, EventStore, NewEvent } from '@consult/event-store';
import { SqliteEventStore } from '../../event-store/src/adapters/sqlite.event-store';
import { CommandHandler } from './command-handler';
import { ConsultationCache, LoadedConsultation } from './consultation-cache';
import { ConcurrentUpdates } from './consultation.errors';
import { RequestContext, newId } from './consultation-stream';
import { ConsultationsService } from './consultations.service';

const ctx: RequestContext = { caller: { kind: 'token', sub: 'sec', role: 'secretariat' } as Caller, correlationId: 'c', causationId: 'c' };
const LAUNCH = { workflow: 'council-approval', title: { en: 'Guidelines' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };
const note = (): NewEvent => ({ id: newId(), type: 'NoteRecorded', data: {}, metadata: { actor: { sub: 'other', role: 'system' }, correlationId: 'x', causationId: 'x', recordedAt: '2020-04-01T09:00:00.000Z' } });

/** The same SQLite store, with another writer that slips one event into the stream before each of our appends. */
function interfered(store: EventStore): EventStore {
  return new Proxy(store, {
    get(target, name, receiver) {
      if (name !== 'append') return Reflect.get(target, name, receiver);
      return async (stream: string, events: NewEvent[], options?: AppendOptions) => {
        await target.append(stream, [note()]);
        return target.append(stream, events, options);
      };
    },
  });
}

describe('command handler retry policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consult-handler-'));
  let store: SqliteEventStore;
  let id: string;

  beforeAll(async () => {
    store = await SqliteEventStore.open({ path: join(dir, 'consult.db') });
    id = (await new ConsultationsService(store, new ManualClock(new Date('2020-04-01T09:00:00Z')), new ConsultationCache(store)).launch(LAUNCH, ctx)).id;
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const decision = (loaded: LoadedConsultation) => ({ events: [note()], snapshot: loaded.snapshot });

  it('gives up after maxTries conflicts, reloading and deciding again each time', async () => {
    const handler = new CommandHandler(interfered(store), new ConsultationCache(store), { onVersionConflict: { maxTries: 4, baseDelayMs: 1, maxDelayMs: 5 } });
    const seen: number[] = [];
    const run = handler.run(id, (loaded) => {
      seen.push(loaded.revision);
      return decision(loaded);
    });
    await expect(run).rejects.toBeInstanceOf(ConcurrentUpdates);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });

  it('succeeds once the other writer stops, within the tries allowed', async () => {
    let interfering = 2;
    const other = interfered(store);
    const flaky = new Proxy(store, {
      get: (target, name, receiver) => (name === 'append' && interfering-- > 0 ? other.append.bind(other) : Reflect.get(target, name, receiver)),
    });
    const handler = new CommandHandler(flaky, new ConsultationCache(store));
    const handled = await handler.run(id, decision);
    expect(handled?.appended.duplicate).toBe(false);
    expect(handled?.loaded.revision).toBe((await store.readStream(`consultation-${id}`)).length - 1);
  });
});
