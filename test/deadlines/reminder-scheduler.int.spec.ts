import { DueReminder, ReminderScheduler, ReminderSentRow } from '@consult/deadlines';
import { BACKENDS, Backend, Engine } from './deadlines.harness';

const CLOSES = '2026-03-30T23:59:00+02:00';
const DAY = 24 * 3600_000;
const LENIENT = { lateAfterMs: 30 * DAY };

/** A `remind` that records what it was given. */
function recorder(): { remind: (manager: unknown, due: DueReminder[]) => Promise<void>; got: DueReminder[] } {
  const got: DueReminder[] = [];
  return { got, remind: async (_manager, due) => { got.push(...due); } };
}

const summary = (due: DueReminder[]) => due.map((d) => `${d.targetKey} ${d.offset}`).sort();

describe.each(BACKENDS)('reminder scheduler on %s', (_name, open) => {
  let backend: Backend;
  let engine: Engine;
  let scheduler: ReminderScheduler;

  // A backend per test: a scheduler sends whatever is due, whichever test planned it.
  beforeEach(async () => {
    backend = await open();
    engine = new Engine(backend);
    await engine.start();
    scheduler = new ReminderScheduler(backend.db);
  });

  afterEach(async () => {
    engine.stop();
    await backend.cleanup();
  });

  const sentRows = () => backend.db.getRepository(ReminderSentRow).find({ order: { id: 'ASC' } });

  it('sends each reminder once when due, with what a notification needs of its consultation', async () => {
    const id = await engine.openRound(CLOSES);
    await engine.caughtUp();
    const first = recorder();
    expect(await scheduler.nextDueAt()).toBe('2026-03-23T22:59:00.000Z');
    await scheduler.runDue('2026-03-24T00:00:00Z', LENIENT, first.remind);
    expect(first.got).toEqual([expect.objectContaining({
      targetKey: `consultation-closes:round-1:${CLOSES}`, targetKind: 'consultation-closes', targetAt: '2026-03-30T21:59:00.000Z',
      targetTitle: 'Consultation round 1 closes', offset: 'P7D', dueAt: '2026-03-23T22:59:00.000Z', late: false,
      consultation: { id, title: { en: 'Guidelines' }, reference: 'CL-26/1', timezone: 'Europe/Paris', eligibleGroups: ['member-state'] },
    })]);
    expect(await scheduler.runDue('2026-03-24T00:00:00Z', LENIENT, recorder().remind)).toEqual([]);
    expect(await scheduler.nextDueAt()).toBe('2026-03-29T21:59:00.000Z');
    expect(summary(await scheduler.runDue('2026-03-29T22:00:00Z', LENIENT, recorder().remind))).toEqual([`consultation-closes:round-1:${CLOSES} P1D`]);
  });

  it('never sends the reminders of a deadline that moved, only those of its new time', async () => {
    const id = await engine.openRound(CLOSES);
    await engine.command(id, 'scheduleMeeting', { meetingId: 'm1', startsAt: '2026-04-10T12:00:00Z', endsAt: '2026-04-10T14:00:00Z', format: 'virtual' });
    await engine.caughtUp();
    engine.at('2026-03-10T09:00:00Z');
    await engine.command(id, 'extendDeadline', { closesAt: '2026-04-06T23:59:00+02:00', reason: 'more time' });
    await engine.command(id, 'rescheduleMeeting', { meetingId: 'm1', startsAt: '2026-04-20T12:00:00Z', endsAt: '2026-04-20T14:00:00Z', reason: 'room' });
    await engine.caughtUp();
    // Past the old closing and the old meeting's reminders, before the new closing.
    expect(summary(await scheduler.runDue('2026-04-06T00:00:00Z', LENIENT, recorder().remind))).toEqual([
      'consultation-closes:round-1:2026-04-06T23:59:00+02:00 P1D', 'consultation-closes:round-1:2026-04-06T23:59:00+02:00 P7D',
    ]);
    expect(summary(await scheduler.runDue('2026-04-19T13:00:00Z', LENIENT, recorder().remind))).toEqual([
      'meeting-starts:m1:2026-04-20T12:00:00Z P1D', 'meeting-starts:m1:2026-04-20T12:00:00Z P7D',
    ]);
    expect((await sentRows()).map((row) => row.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('flags a reminder sent later than the tolerance after its due time as late', async () => {
    await engine.openRound(CLOSES);
    await engine.caughtUp();
    const sent = await scheduler.runDue('2026-03-29T22:00:00Z', { lateAfterMs: 60_000 }, recorder().remind);
    expect(sent.map((d) => [d.offset, d.late]).sort()).toEqual([['P1D', false], ['P7D', true]]);
    expect((await sentRows()).map((row) => row.late).sort()).toEqual([false, true]);
  });

  it('records a reminder whose deadline has passed as missed, and sends nothing', async () => {
    await engine.openRound(CLOSES);
    await engine.caughtUp();
    const { remind, got } = recorder();
    expect(await scheduler.runDue('2026-03-31T00:00:00Z', LENIENT, remind)).toEqual([]);
    expect(got).toEqual([]);
    expect((await sentRows()).map((row) => row.status)).toEqual(['missed', 'missed']);
    expect(await scheduler.nextDueAt()).toBeNull();
  });

  it('leaves a batch unsent when remind fails, and a second run sends it', async () => {
    await engine.openRound(CLOSES);
    await engine.caughtUp();
    const crash = async () => { throw new Error('mail server gone'); };
    await expect(scheduler.runDue('2026-03-29T22:00:00Z', LENIENT, crash)).rejects.toThrow('mail server gone');
    expect(await sentRows()).toEqual([]);
    expect(await scheduler.runDue('2026-03-29T22:00:00Z', LENIENT, recorder().remind)).toHaveLength(2);
  });

  it('never sends a reminder again after the projection is rebuilt', async () => {
    await engine.openRound(CLOSES);
    await engine.caughtUp();
    expect(await scheduler.runDue('2026-03-29T22:00:00Z', LENIENT, recorder().remind)).toHaveLength(2);
    await engine.rebuild();
    expect(await scheduler.runDue('2026-03-29T22:00:00Z', LENIENT, recorder().remind)).toEqual([]);
    expect(await sentRows()).toHaveLength(2);
  });
});
