import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type ObjectLiteral } from 'typeorm';
import type { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { ConsultationCache, ConsultationsService, RequestContext, consultationReplayer } from '@consult/consultation';
import { EventStore, openEventStore } from '@consult/event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../../event-store/src/adapters/postgres.test-database';
import { PROJECTIONS } from '../projections.registry';
import { Projector } from '../projector';
import { READ_MODEL_ENTITIES } from '../read-model.entities';
import { TimelineChangeRow, TimelineItemRow } from '../timeline/timeline.entity';
import { timelineProjection } from '../timeline/timeline.projection';
import { TimelineQuery, type TimelineItem } from './timeline.query';

interface Backend { store: EventStore; db: DataSource; cleanup(): Promise<void> }
const ENTITIES = [...READ_MODEL_ENTITIES, TimelineItemRow, TimelineChangeRow];

async function sqlite(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-timeline-'));
  const store = await openEventStore({ kind: 'sqlite', sqlitePath: join(dir, 'consult.db') });
  const db = await new DataSource({ type: 'better-sqlite3', database: join(dir, 'read-models.db'), entities: ENTITIES, synchronize: true }).initialize();
  return { store, db, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgres(): Promise<Backend> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_timeline');
  const store = await openEventStore({ kind: 'postgres', sqlitePath: ':memory:', databaseUrl: url, databaseSchema: schema });
  const db = await new DataSource({ type: 'postgres', url, schema, entities: ENTITIES }).initialize();
  await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await db.synchronize();
  return { store, db, cleanup: () => dropSchemas(url, [schema]) };
}

const secretariat: Caller = { kind: 'token', sub: 'sec', role: 'secretariat' };
const ctx: RequestContext = { caller: secretariat, correlationId: 'c', causationId: 'c' };
const LAUNCH = { workflow: 'council-approval', reference: 'CL-19/47', title: { en: 'GCA guidelines' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };

/** The GCA consultation's course, 2019-2021, with the clock at each step's time. */
const GCA: [at: string, type: string, payload: Record<string, unknown>][] = [
  ['2019-10-15T07:05:00Z', 'scheduleMeeting', { meetingId: 'ocm-1', startsAt: '2020-04-06T14:00:00+02:00', endsAt: '2020-04-06T17:00:00+02:00', format: 'physical', location: 'Geneva' }],
  ['2020-03-18T09:00:00Z', 'rescheduleMeeting', { meetingId: 'ocm-1', startsAt: '2020-04-16T13:00:00+02:00', endsAt: '2020-04-16T14:30:00+02:00', reason: 'CL-20/18: COVID-19' }],
  ['2020-03-25T09:00:00Z', 'rescheduleMeeting', { meetingId: 'ocm-1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00', reason: 'Clash with the WSIS Forum' }],
  ['2020-03-25T09:01:00Z', 'changeMeetingFormat', { meetingId: 'ocm-1', format: 'virtual', reason: 'CL-20/18: held online' }],
  ['2020-04-09T10:00:00Z', 'publishDraft', { documentRef: 'GCA', version: '1', sections: [{ number: '1', title: 'Intro' }] }],
  ['2020-04-09T10:05:00Z', 'openConsultation', { closesAt: '2020-04-30T21:59:00Z' }],
  ['2020-04-23T12:30:00Z', 'recordMeeting', { meetingId: 'ocm-1', participants: 92 }],
  ['2020-04-28T09:00:00Z', 'extendDeadline', { closesAt: '2020-05-15T21:59:00Z', reason: 'More time asked by Member States' }],
  ['2020-05-15T22:00:00Z', 'closeConsultation', {}],
  ['2020-05-18T10:00:00Z', 'publishFinalDraft', { documentRef: 'GCA', version: '2' }],
  ['2020-05-18T10:05:00Z', 'submitToCouncil', { session: 'C20', documentRefs: ['C20/GCA'], considerationStartsAt: '2020-06-09T07:00:00Z', considerationEndsAt: '2020-06-19T16:00:00Z' }],
  ['2020-05-20T08:00:00Z', 'postponeCouncilConsideration', { session: 'VCC-2021', considerationStartsAt: '2021-06-08T07:00:00Z', considerationEndsAt: '2021-06-18T16:00:00Z', reason: 'Council 2020 postponed (COVID-19)' }],
  ['2021-06-25T08:00:00Z', 'recordCouncilDecision', { session: 'VCC-2021', outcome: 'approved', mode: 'correspondence', decidedAt: '2021-06-24T16:00:00Z' }],
];

/** The WSIS Forum 2020 (seed 002): a call, then a forum moved twice and made virtual. */
const WSIS_LAUNCH = {
  workflow: 'phased-forum', title: { en: 'WSIS Forum 2020' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich',
  phases: [
    { key: 'open-call', kind: 'deadline', title: { en: 'Open call' }, startsAt: '2020-01-06T08:00:00Z', endsAt: '2020-03-01T22:59:59Z', opens: ['formal-contribution'] },
    { key: 'forum', kind: 'meeting', title: { en: 'WSIS Forum 2020' }, format: 'physical', location: 'Geneva', startsAt: '2020-04-06T07:00:00Z', endsAt: '2020-04-09T16:00:00Z', opens: [] },
  ],
};
const WSIS: [at: string, type: string, payload: Record<string, unknown>][] = [
  ['2020-01-06T08:00:00Z', 'advancePhase', {}],
  ['2020-02-20T09:00:00Z', 'extendDeadline', { phaseKey: 'open-call', endsAt: '2020-03-08T22:59:59Z', reason: 'More time for workshop requests' }],
  ['2020-03-08T23:00:00Z', 'advancePhase', {}],
  ['2020-03-18T09:00:00Z', 'reschedulePhase', { phaseKey: 'forum', startsAt: '2020-09-07T07:00:00Z', endsAt: '2020-09-10T16:00:00Z', reason: 'Postponed (COVID-19)' }],
  ['2020-06-16T08:00:00Z', 'reschedulePhase', { phaseKey: 'forum', startsAt: '2020-06-22T07:00:00Z', endsAt: '2020-09-10T16:00:00Z', reason: 'CL-20/025: weekly from 22 June' }],
  ['2020-06-16T08:01:00Z', 'changeMeetingFormat', { phaseKey: 'forum', format: 'virtual', reason: 'CL-20/025: COVID-19' }],
  ['2020-09-10T16:00:00Z', 'advancePhase', { reason: 'Final week over' }],
];

/** Every row of the timeline's tables, in primary-key order. */
async function timelineRows(db: DataSource): Promise<ObjectLiteral[][]> {
  return Promise.all(timelineProjection.tables.map((table) => {
    const keys = db.getMetadata(table).primaryColumns.map((column) => column.propertyName);
    return db.getRepository(table).find({ order: Object.fromEntries(keys.map((key) => [key, 'ASC'])) });
  }));
}

describe.each([['sqlite', sqlite], ['postgres', postgres]] as const)('the timeline read model on %s', (_name, open) => {
  let backend: Backend;
  let projector: Projector;
  let id: string;
  let items: TimelineItem[];
  let forum: TimelineItem[];
  const item = (key: string, of = items) => of.find((i) => i.key === key)!;
  const fail = (error: unknown) => { throw error; };

  beforeAll(async () => {
    backend = await open();
    projector = new Projector(backend.store, backend.db, consultationReplayer(backend.store), fail, 1000, PROJECTIONS);
    await projector.start();
    /** Launches, then runs each step at its time; each consultation keeps a clock of its own. */
    const run = async (launch: object, steps: typeof GCA): Promise<{ id: string; items: TimelineItem[] }> => {
      const clock = new ManualClock(new Date(Date.parse(steps[0][0]) - 60_000));
      const consultations = new ConsultationsService(backend.store, clock, new ConsultationCache(backend.store));
      const { id: launched } = await consultations.launch(launch, ctx);
      for (const [at, type, payload] of steps) {
        clock.set(new Date(at));
        await consultations.execute(launched, { type, payload }, ctx);
        // One page an event: each folds on the timeline as stored, which the rebuild below folds in one page.
        expect((await projector.catchUp(10_000)).fresh).toBe(true);
      }
      return { id: launched, items: (await new TimelineQuery(backend.db, projector).execute(launched)).value.items };
    };
    ({ id, items } = await run(LAUNCH, GCA));
    forum = (await run(WSIS_LAUNCH, WSIS)).items;
  }, 60_000);

  afterAll(async () => {
    projector.stop();
    await backend.db.destroy();
    await backend.store.close();
    await backend.cleanup();
  });

  it('shows a meeting as first planned, as planned now and as held, with each reschedule and format change and its reason', () => {
    expect(item('meeting:ocm-1')).toMatchObject({
      kind: 'meeting', status: 'held', format: 'virtual', location: 'Geneva',
      originalAt: '2020-04-06T14:00:00+02:00', plannedAt: '2020-04-23T13:00:00+02:00', actualAt: '2020-04-23T13:00:00+02:00',
      detail: { meetingId: 'ocm-1', participants: 92 },
    });
    expect(item('meeting:ocm-1').changes).toEqual([
      expect.objectContaining({ change: 'scheduled', recordedAt: '2019-10-15T07:05:00.000Z', after: expect.objectContaining({ format: 'physical' }) }),
      expect.objectContaining({
        change: 'rescheduled', reason: 'CL-20/18: COVID-19', recordedAt: '2020-03-18T09:00:00.000Z',
        before: { startsAt: '2020-04-06T14:00:00+02:00', endsAt: '2020-04-06T17:00:00+02:00' },
        after: { startsAt: '2020-04-16T13:00:00+02:00', endsAt: '2020-04-16T14:30:00+02:00' },
      }),
      expect.objectContaining({
        change: 'rescheduled', reason: 'Clash with the WSIS Forum', recordedAt: '2020-03-25T09:00:00.000Z',
        before: { startsAt: '2020-04-16T13:00:00+02:00', endsAt: '2020-04-16T14:30:00+02:00' },
      }),
      expect.objectContaining({ change: 'format-changed', reason: 'CL-20/18: held online', before: { format: 'physical' }, after: { format: 'virtual' } }),
      expect.objectContaining({ change: 'held', recordedAt: '2020-04-23T12:30:00.000Z', after: { participants: 92 } }),
    ]);
  });

  it('shows a round with its planned closing, the extension and its reason, and when it actually closed', () => {
    expect(item('round:1')).toMatchObject({
      kind: 'consultation-round', status: 'closed', actualAt: '2020-04-09T10:05:00.000Z',
      originalEndsAt: '2020-04-30T21:59:00Z', plannedEndsAt: '2020-05-15T21:59:00Z', actualEndsAt: '2020-05-15T22:00:00.000Z',
    });
    expect(item('round:1').changes.map((c) => [c.change, c.reason, c.before, c.after, c.automatic])).toEqual([
      ['opened', undefined, undefined, { closesAt: '2020-04-30T21:59:00Z' }, false],
      ['extended', 'More time asked by Member States', { closesAt: '2020-04-30T21:59:00Z' }, { closesAt: '2020-05-15T21:59:00Z' }, false],
      ['closed', undefined, undefined, { closedAt: '2020-05-15T22:00:00.000Z' }, false],
    ]);
  });

  it('shows the Council consideration moved to another session with its reason, then decided', () => {
    expect(item('council:1')).toMatchObject({
      kind: 'council-consideration', status: 'decided', originalAt: '2020-06-09T07:00:00Z', plannedAt: '2021-06-08T07:00:00Z',
      actualEndsAt: '2021-06-24T16:00:00Z', detail: { session: 'VCC-2021', documentRefs: ['C20/GCA'] },
    });
    expect(item('council:1').changes.map((c) => c.change)).toEqual(['submitted', 'postponed', 'decided']);
    expect(item('council:1').changes[1]).toMatchObject({
      reason: 'Council 2020 postponed (COVID-19)', recordedAt: '2020-05-20T08:00:00.000Z',
      before: { session: 'C20', startsAt: '2020-06-09T07:00:00Z' }, after: { session: 'VCC-2021', startsAt: '2021-06-08T07:00:00Z' },
    });
    expect(item('decision:1')).toMatchObject({ kind: 'council-decision', actualAt: '2021-06-24T16:00:00Z', detail: { outcome: 'approved', mode: 'correspondence' } });
  });

  it('lists the items in time order: when they happened, else when they are planned', () => {
    expect(items.map((i) => i.key)).toEqual(['launch', 'draft:1', 'round:1', 'meeting:ocm-1', 'draft:2', 'council:1', 'decision:1']);
  });

  it('shows a phased forum\'s phases as planned at launch, extended, rescheduled twice, made virtual, and when each started and ended', () => {
    expect(item('phase:open-call', forum)).toMatchObject({
      status: 'ended', originalEndsAt: '2020-03-01T22:59:59Z', plannedEndsAt: '2020-03-08T22:59:59Z',
      actualAt: '2020-01-06T08:00:00.000Z', actualEndsAt: '2020-03-08T23:00:00.000Z',
    });
    expect(item('phase:forum', forum)).toMatchObject({
      kind: 'phase', title: { en: 'WSIS Forum 2020' }, status: 'ended', format: 'virtual', detail: { phaseKind: 'meeting' },
      originalAt: '2020-04-06T07:00:00Z', plannedAt: '2020-06-22T07:00:00Z', actualAt: '2020-03-08T23:00:00.000Z', actualEndsAt: '2020-09-10T16:00:00.000Z',
    });
    expect(item('phase:forum', forum).changes.map((c) => [c.change, c.reason, c.before, c.after])).toEqual([
      ['planned', undefined, undefined, { startsAt: '2020-04-06T07:00:00Z', endsAt: '2020-04-09T16:00:00Z', format: 'physical', location: 'Geneva' }],
      ['started', undefined, undefined, { fromPhase: 'open-call' }],
      ['rescheduled', 'Postponed (COVID-19)', { startsAt: '2020-04-06T07:00:00Z', endsAt: '2020-04-09T16:00:00Z' }, { startsAt: '2020-09-07T07:00:00Z', endsAt: '2020-09-10T16:00:00Z' }],
      ['rescheduled', 'CL-20/025: weekly from 22 June', { startsAt: '2020-09-07T07:00:00Z', endsAt: '2020-09-10T16:00:00Z' }, { startsAt: '2020-06-22T07:00:00Z', endsAt: '2020-09-10T16:00:00Z' }],
      ['format-changed', 'CL-20/025: COVID-19', { format: 'physical' }, { format: 'virtual' }],
      ['ended', 'Final week over', undefined, undefined],
    ]);
    expect(item('phase:open-call', forum).changes.find((c) => c.change === 'extended')).toMatchObject({
      reason: 'More time for workshop requests', before: { endsAt: '2020-03-01T22:59:59Z' }, after: { endsAt: '2020-03-08T22:59:59Z' },
    });
  });

  it('pages the items', async () => {
    const page = (await new TimelineQuery(backend.db, projector).execute(id, { limit: 2, offset: 1 })).value;
    expect(page.total).toBe(7);
    expect(page.items.map((i) => i.key)).toEqual(['draft:1', 'round:1']);
  });

  it('holds the same rows after a rebuild from scratch as after following the commands one by one', async () => {
    const incremental = await timelineRows(backend.db);
    const rebuild = new Projector(backend.store, backend.db, consultationReplayer(backend.store), fail, 1000, [timelineProjection]);
    await rebuild.reset();
    await rebuild.start();
    try {
      expect((await rebuild.catchUp(30_000)).fresh).toBe(true);
    } finally {
      rebuild.stop();
    }
    expect(await timelineRows(backend.db)).toEqual(incremental);
    expect(incremental.map((rows) => rows.length)).toEqual([7 + 3, 15 + 11]);
  });
});
