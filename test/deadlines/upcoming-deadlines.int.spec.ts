import { DeadlineRow, ReminderRow } from '@consult/deadlines';
import { UpcomingDeadlinesQuery } from '@consult/projections';
import { BACKENDS, Backend, Engine } from './deadlines.harness';

const CLOSES = '2026-03-30T23:59:00+02:00';
const CLOSES_KEY = `consultation-closes:round-1:${CLOSES}`;

describe.each(BACKENDS)('upcoming-deadlines projection on %s', (_name, open) => {
  let backend: Backend;
  let engine: Engine;

  beforeAll(async () => {
    backend = await open();
  });

  // An engine per test: each starts its own manual clock, which never moves backwards.
  beforeEach(async () => {
    engine = new Engine(backend);
    await engine.start();
  });

  afterEach(() => engine.stop());

  afterAll(() => backend.cleanup());

  const reminders = async (consultationId: string) =>
    (await backend.db.getRepository(ReminderRow).find({ where: { consultationId }, order: { dueAt: 'ASC' } }))
      .map((r) => ({ targetKey: r.targetKey, offset: r.offset, dueAt: r.dueAt }));
  const deadlines = (consultationId: string) => backend.db.getRepository(DeadlineRow).find({ where: { consultationId }, order: { atUtc: 'ASC' } });

  it('plans a reminder a week and a day before the round closes, on the Paris wall clock', async () => {
    engine.at('2026-03-01T09:00:00Z');
    const id = await engine.openRound(CLOSES);
    await engine.caughtUp();
    expect(await reminders(id)).toEqual([
      { targetKey: CLOSES_KEY, offset: 'P7D', dueAt: '2026-03-23T22:59:00.000Z' },
      { targetKey: CLOSES_KEY, offset: 'P1D', dueAt: '2026-03-29T21:59:00.000Z' },
    ]);
    expect(await deadlines(id)).toEqual([expect.objectContaining({
      key: CLOSES_KEY, kind: 'consultation-closes', at: CLOSES, atUtc: '2026-03-30T21:59:00.000Z', title: 'Consultation round 1 closes',
      consultationTitle: { en: 'Guidelines' }, reference: 'CL-26/1', timezone: 'Europe/Paris', eligibleGroups: ['member-state'],
    })]);
  });

  it('takes the launch reminder offsets instead of the default', async () => {
    engine.at('2026-03-01T09:00:00Z');
    const id = await engine.openRound(CLOSES, { reminderOffsets: ['PT2H'] });
    await engine.caughtUp();
    expect(await reminders(id)).toEqual([{ targetKey: CLOSES_KEY, offset: 'PT2H', dueAt: '2026-03-30T19:59:00.000Z' }]);
  });

  it('creates no reminder that was already due when its deadline was set', async () => {
    engine.at('2026-03-27T09:00:00Z');
    const id = await engine.openRound(CLOSES);
    await engine.caughtUp();
    expect((await reminders(id)).map((r) => r.offset)).toEqual(['P1D']);
  });

  it('replaces the reminders of an extended round and keeps those already due of an unchanged one', async () => {
    engine.at('2026-03-01T09:00:00Z');
    const id = await engine.openRound(CLOSES);
    engine.at('2026-03-25T09:00:00Z');
    await engine.command(id, 'scheduleMeeting', { meetingId: 'm1', startsAt: '2026-04-10T12:00:00Z', endsAt: '2026-04-10T14:00:00Z', format: 'virtual' });
    await engine.caughtUp();
    expect((await reminders(id)).filter((r) => r.targetKey === CLOSES_KEY).map((r) => r.offset)).toEqual(['P7D', 'P1D']);
    await engine.command(id, 'extendDeadline', { closesAt: '2026-04-06T23:59:00+02:00', reason: 'more time' });
    await engine.caughtUp();
    const extended = 'consultation-closes:round-1:2026-04-06T23:59:00+02:00';
    expect(await reminders(id)).toEqual([
      { targetKey: extended, offset: 'P7D', dueAt: '2026-03-30T21:59:00.000Z' },
      { targetKey: 'meeting-starts:m1:2026-04-10T12:00:00Z', offset: 'P7D', dueAt: '2026-04-03T12:00:00.000Z' },
      { targetKey: extended, offset: 'P1D', dueAt: '2026-04-05T21:59:00.000Z' },
      { targetKey: 'meeting-starts:m1:2026-04-10T12:00:00Z', offset: 'P1D', dueAt: '2026-04-09T12:00:00.000Z' },
    ]);
  });

  it('drops every reminder of a withdrawn consultation', async () => {
    engine.at('2026-03-01T09:00:00Z');
    const id = await engine.openRound(CLOSES);
    await engine.command(id, 'withdraw', { reason: 'superseded' });
    await engine.caughtUp();
    expect(await reminders(id)).toEqual([]);
    expect(await deadlines(id)).toEqual([]);
  });

  it('rebuilds the same rows it kept event by event, reminders that fell due between events included', async () => {
    engine.at('2026-03-01T09:00:00Z');
    const id = await engine.openRound(CLOSES);
    await engine.caughtUp();
    engine.at('2026-03-25T09:00:00Z');
    await engine.command(id, 'scheduleMeeting', { meetingId: 'm2', startsAt: '2026-04-10T12:00:00Z', endsAt: '2026-04-10T14:00:00Z', format: 'virtual' });
    await engine.caughtUp();
    expect((await reminders(id)).filter((r) => r.targetKey === CLOSES_KEY).map((r) => r.offset)).toEqual(['P7D', 'P1D']);
    const rows = async () => [
      await backend.db.getRepository(ReminderRow).find({ order: { id: 'ASC' } }),
      await backend.db.getRepository(DeadlineRow).find({ order: { consultationId: 'ASC', key: 'ASC' } }),
    ];
    const before = await rows();
    await engine.rebuild();
    expect(await rows()).toEqual(before);
  });

  it('answers GET /api/deadlines from the table, soonest first, bounded by until, past meetings left out', async () => {
    const query = new UpcomingDeadlinesQuery(backend.db, { catchUp: async () => ({ fresh: true, checkpoint: 0, head: 0 }) }, () => new Date('2026-04-09T00:00:00Z'));
    const all = (await query.execute({})).value;
    expect(all.now).toBe('2026-04-09T00:00:00.000Z');
    expect(all.items.map((item) => item.dueAt)).toEqual([...all.items.map((item) => item.dueAt)].sort((a, b) => Date.parse(a) - Date.parse(b)));
    expect(all.items).toContainEqual({
      consultationId: expect.any(String), title: { en: 'Guidelines' }, key: 'meeting-starts:m1:2026-04-10T12:00:00Z', kind: 'meeting-starts',
      dueAt: '2026-04-10T12:00:00Z', label: 'Meeting m1 starts',
    });
    const untilClosing = (await query.execute({ until: '2026-03-31T00:00:00+02:00' })).value.items;
    expect(untilClosing.length).toBeGreaterThan(0);
    expect(untilClosing.every((item) => item.key.startsWith('consultation-closes:') && Date.parse(item.dueAt) <= Date.parse('2026-03-30T22:00:00Z'))).toBe(true);
    const later = new UpcomingDeadlinesQuery(backend.db, { catchUp: async () => ({ fresh: true, checkpoint: 0, head: 0 }) }, () => new Date('2026-04-11T00:00:00Z'));
    expect((await later.execute({})).value.items.some((item) => item.kind === 'meeting-starts')).toBe(false);
  });
});
