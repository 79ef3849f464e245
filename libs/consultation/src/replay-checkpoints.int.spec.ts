import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { councilApprovalV1, LaunchData, replay } from '@consult/workflows';
import { SqliteEventStore } from '../../event-store/src/adapters/sqlite.event-store';
import { ConsultationCache } from './consultation-cache';
import { RequestContext } from './consultation-stream';
import { ConsultationsService } from './consultations.service';
import { HistoryTampered, ReplayCheckpoints } from './replay-checkpoints';

const secretariat: Caller = { kind: 'token', sub: 'sec', role: 'secretariat' };
const ctx: RequestContext = { caller: secretariat, correlationId: 'c', causationId: 'c' };

describe('state on a date from replay checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consult-checkpoints-'));
  const path = join(dir, 'consult.db');
  let store: SqliteEventStore;
  let id: string;
  const start = Date.parse('2020-01-01T00:00:00Z');

  beforeAll(async () => {
    store = await SqliteEventStore.open({ path });
    const clock = new ManualClock(new Date(start));
    const service = new ConsultationsService(store, clock, new ConsultationCache(store));
    ({ id } = await service.launch({ workflow: 'council-approval', title: { en: 'T' }, eligibleGroups: ['member-state'], timezone: 'UTC' }, ctx));
    await service.execute(id, { type: 'scheduleMeeting', payload: { meetingId: 'm', startsAt: '2021-01-01T10:00:00Z', endsAt: '2021-01-01T11:00:00Z', format: 'physical' } }, ctx);
    // 300 moves of the same meeting, an hour apart: a long history with a state at every hour.
    for (let i = 1; i <= 300; i += 1) {
      clock.set(new Date(start + i * 3600_000));
      await service.execute(id, { type: 'rescheduleMeeting', payload: { meetingId: 'm', startsAt: `2021-01-01T10:${String(i % 60).padStart(2, '0')}:00Z`, endsAt: '2021-01-02T11:00:00Z', reason: `move ${i}` } }, ctx);
    }
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The reference: a full replay of the prefix recorded by `cutoff`. */
  async function naive(cutoff: number) {
    const events = await store.readStream(`consultation-${id}`);
    const launch = events[0].data as unknown as LaunchData;
    const prefix = events.filter((event) => Date.parse(event.metadata.recordedAt) <= cutoff);
    const snapshot = replay(councilApprovalV1, launch, prefix);
    const revision = prefix[prefix.length - 1].revision;
    return { revision, view: councilApprovalV1.view(snapshot) };
  }

  it('gives the same state as a full replay at any instant', async () => {
    const checkpoints = new ReplayCheckpoints(store, 32);
    for (const hours of [0, 1, 31, 32, 33, 64, 150.5, 299, 300, 5000]) {
      const cutoff = start + hours * 3600_000;
      const found = await checkpoints.at(id, cutoff);
      const expected = await naive(cutoff);
      expect(found!.revision).toBe(expected.revision);
      expect(councilApprovalV1.view(found!.snapshot)).toEqual(expected.view);
    }
    expect(await checkpoints.at(id, start - 1)).toBeNull();
  });

  it('refuses to answer from a history whose chain is broken', async () => {
    const db = new Database(path);
    db.prepare(`UPDATE events SET data = json_set(data, '$.reason', 'forged') WHERE stream = ? AND revision = 40`).run(`consultation-${id}`);
    db.close();
    await expect(new ReplayCheckpoints(store, 32).at(id, start + 100 * 3600_000)).rejects.toBeInstanceOf(HistoryTampered);
  });
});
