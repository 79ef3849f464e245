import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { Projector, openReadModels } from '@consult/projections';
import { SqliteEventStore } from '../../event-store/src/adapters/sqlite.event-store';
import { ConsultationCache } from './consultation-cache';
import { RequestContext } from './consultation-stream';
import { ConsultationsService } from './consultations.service';
import { DeadlineScheduler } from '@consult/deadlines';
import { dueConsultationsIn } from './nest/due-consultations.query';

const ctx: RequestContext = { caller: { kind: 'token', sub: 'sec', role: 'secretariat' } as Caller, correlationId: 'c', causationId: 'c' };

describe('deadline scheduler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consult-deadlines-'));
  const path = join(dir, 'consult.db');
  let store: SqliteEventStore;
  let db: DataSource;
  const clock = new ManualClock(new Date('2020-04-01T09:00:00Z'));
  const projectors: Projector[] = [];

  /** One process's scheduler: its own caches and projector over the shared store. */
  async function scheduler(): Promise<{ scheduler: DeadlineScheduler; consultations: ConsultationsService }> {
    const cache = new ConsultationCache(store);
    const replayCache = new ConsultationCache(store);
    const projector = new Projector(store, db, async (event) => {
      const loaded = await replayCache.replayTo(event);
      return { view: loaded.definition.view(loaded.snapshot), launch: loaded.launch, definition: loaded.definition, snapshot: loaded.snapshot };
    });
    await projector.start();
    projectors.push(projector);
    const consultations = new ConsultationsService(store, clock, cache);
    return { scheduler: new DeadlineScheduler(clock, consultations, dueConsultationsIn(db), projector), consultations };
  }

  beforeAll(async () => {
    store = await SqliteEventStore.open({ path });
    db = await openReadModels({ sqlitePath: path });
  });

  afterAll(async () => {
    projectors.forEach((p) => p.stop());
    await db.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes every round that falls due exactly once, even with two schedulers at once', async () => {
    const a = await scheduler();
    const b = await scheduler();
    const ids: string[] = [];
    for (let i = 0; i < 150; i += 1) {
      const { id } = await a.consultations.launch({ workflow: 'council-approval', title: { en: `C${i}` }, eligibleGroups: ['member-state'], timezone: 'UTC' }, ctx);
      await a.consultations.execute(id, { type: 'publishDraft', payload: { documentRef: 'D', version: '1' } }, ctx);
      // Half close at 10:00, half a day later: only the first half is due.
      await a.consultations.execute(id, { type: 'openConsultation', payload: { closesAt: i % 2 ? '2020-04-02T10:00:00Z' : '2020-04-01T10:00:00Z' } }, ctx);
      ids.push(id);
    }
    clock.set(new Date('2020-04-01T10:00:00Z'));
    const [firedA, firedB] = await Promise.all([a.scheduler.runDue(), b.scheduler.runDue()]);
    const closings = (await store.readAll()).filter((e) => e.type === 'ConsultationClosed');
    expect(closings).toHaveLength(75);
    expect(new Set(closings.map((e) => e.stream)).size).toBe(75);
    expect(firedA.length + firedB.length).toBe(75);
    expect(await a.scheduler.runDue()).toEqual([]);
  });
});
