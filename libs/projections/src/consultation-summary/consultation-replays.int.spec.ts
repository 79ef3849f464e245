import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { ConsultationCache, ConsultationsService, RequestContext, consultationReplayer } from '@consult/consultation';
import { EventStore, StoredEvent } from '@consult/event-store';
import { LaunchData, findWorkflow, ignoreRefusal, replay } from '@consult/workflows';
import { SqliteEventStore } from '../../../event-store/src/adapters/sqlite.event-store';

/*
 * The projections' replayer: shown each page, it replays a consultation's last event of the
 * page without reading the store; whatever it is asked, the state is the one a replay from
 * the launch gives.
 */

const secretariat: Caller = { kind: 'token', sub: 'sec', role: 'secretariat' };
const ctx: RequestContext = { caller: secretariat, correlationId: 'c', causationId: 'c' };

/** The state a replay from the launch gives at `event`: what every answer must equal. */
function expected(history: StoredEvent[], event: StoredEvent): { value: unknown; summary: unknown } {
  const launch = history[0].data as unknown as LaunchData;
  const definition = findWorkflow(launch.workflow, launch.version);
  const snapshot = replay(definition, launch, history.filter((e) => e.stream === event.stream && e.revision <= event.revision), ignoreRefusal);
  return { value: snapshot.value, summary: definition.summary(snapshot) };
}

/** The last event of each stream in `page`. */
const lastOfEach = (page: StoredEvent[]): StoredEvent[] => [...new Map(page.map((event) => [event.stream, event])).values()];

describe('the projections\' replayer', () => {
  let dir: string;
  let store: EventStore;
  let history: StoredEvent[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'consult-replays-'));
    store = await SqliteEventStore.open({ path: join(dir, 'consult.db') });
    const consultations = new ConsultationsService(store, new ManualClock(new Date('2020-04-01T09:00:00Z')), new ConsultationCache(store));
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await consultations.launch({ workflow: 'council-approval', title: { en: `C${i}` }, eligibleGroups: ['member-state'], timezone: 'UTC' }, ctx)).id);
    }
    // Interleaved, so that pages cut every history in several places.
    for (const id of ids) await consultations.execute(id, { type: 'publishDraft', payload: { documentRef: 'D', version: '1', sections: [{ number: '1', title: 'I' }] } }, ctx);
    for (const id of ids) await consultations.execute(id, { type: 'openConsultation', payload: { closesAt: '2020-06-01T12:00:00Z' } }, ctx);
    history = await store.readAll();
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays the last event of each consultation in a page it was shown without reading the store', async () => {
    const replayer = consultationReplayer(store);
    const reads = jest.spyOn(store, 'readStream');
    for (let i = 0; i < history.length; i += 4) {
      const page = history.slice(i, i + 4);
      replayer.preview!(page);
      for (const event of lastOfEach(page)) {
        const state = await replayer(event);
        expect({ value: state.snapshot.value, summary: state.view }).toEqual(expected(history, event));
      }
    }
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
  });

  it('reads what it was not shown, forgot or has already passed, and still answers the state at that event', async () => {
    const replayer = consultationReplayer(store, 2);
    const asked = [...lastOfEach(history), history[0], history[history.length - 2], history[1]];
    for (const event of asked) {
      const state = await replayer(event);
      expect({ value: state.snapshot.value, summary: state.view }).toEqual(expected(history, event));
    }
  });
});
