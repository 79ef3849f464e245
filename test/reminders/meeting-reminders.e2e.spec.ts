import { clientFor } from '../support/consult-client';
import { startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { Call, EGYPT, ReportedReminder, command, feedOf, instant, launch, setClock, subscribeBoth } from './reminders.fixture';

jest.setTimeout(60_000);

/** The meeting as first planned (Geneva time), and where it moved: a week and a few hours later. */
const FIRST_START = '2026-05-12T10:00:00+02:00';
const MOVED_START = '2026-05-20T14:00:00+02:00';
const MEETING = { meetingId: 'ocm-1', format: 'physical', location: 'Geneva, ITU Tower' };

const meetingReminders = (sent: ReportedReminder[]) => sent.filter((r) => r.targetKey.startsWith('meeting-starts:'));

describe('reminders of a meeting that is rescheduled (manual clock, SQLite)', () => {
  const data = tempDir();
  let call: Call;
  let id: string;
  const sent: ReportedReminder[] = [];

  beforeAll(async () => {
    const api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
    await setClock(call, '2026-04-20T09:00:00+02:00');
    id = await launch(call, 'Europe/Zurich');
    await subscribeBoth(call, id);
    await command(call, id, 'publishDraft', { documentRef: 'C26/20', version: '1' });
    // The round closes long after the meeting: its reminders stay out of the way.
    await command(call, id, 'openConsultation', { closesAt: '2026-09-30T23:59:00+02:00' });
    await command(call, id, 'scheduleMeeting', { ...MEETING, startsAt: FIRST_START, endsAt: '2026-05-12T17:00:00+02:00' });
  });
  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('sends the week-before reminder of the meeting as first planned, at 10:00 on 5 May', async () => {
    sent.push(...await setClock(call, '2026-05-06T09:00:00+02:00'));
    expect(meetingReminders(sent)).toEqual([expect.objectContaining({ offset: 'P7D', consultationId: id })]);
    expect(instant(sent[0].dueAt)).toBe(instant('2026-05-05T10:00:00+02:00'));
    expect(sent[0].targetKey).toContain('ocm-1');
  });

  it('after the reschedule, never sends the day-before reminder of the old start (10:00 on 11 May)', async () => {
    await command(call, id, 'rescheduleMeeting', {
      meetingId: 'ocm-1', startsAt: MOVED_START, endsAt: '2026-05-20T18:00:00+02:00', reason: 'Clash with the Council working group',
    });
    const passed = await setClock(call, '2026-05-12T12:00:00+02:00');
    expect(passed).toEqual([]);
    const feed = await feedOf(call, 'secretariat', 'deadline.reminder');
    expect(feed.map((item) => instant(item.createdAt))).toEqual([instant('2026-05-05T10:00:00+02:00')]);
  });

  it('sends the moved meeting\'s reminders at its new times, 14:00 on 13 and 19 May, naming the new start', async () => {
    const later = meetingReminders(await setClock(call, '2026-05-21T00:00:00+02:00'));
    expect(later.map((r) => [r.offset, instant(r.dueAt)])).toEqual([
      ['P7D', instant('2026-05-13T14:00:00+02:00')],
      ['P1D', instant('2026-05-19T14:00:00+02:00')],
    ]);
    expect(later.every((r) => r.targetKey.includes('2026-05-20'))).toBe(true);
    const [, week, day] = await feedOf(call, 'secretariat', 'deadline.reminder');
    expect([week, day].map((item) => instant(item.createdAt))).toEqual(later.map((r) => instant(r.dueAt)));
    for (const item of [week, day]) expect(item.body).toContain('20 May 2026 at 14:00');
  });

  it('tells both subscribers of the move and gives the Arabic reader the same three reminders, the later two naming the new start', async () => {
    for (const who of ['secretariat', EGYPT] as const) expect(await feedOf(call, who, 'meeting.rescheduled')).toHaveLength(1);
    const arabic = await feedOf(call, EGYPT, 'deadline.reminder');
    expect(arabic.map((item) => instant(item.createdAt))).toEqual([
      instant('2026-05-05T10:00:00+02:00'), instant('2026-05-13T14:00:00+02:00'), instant('2026-05-19T14:00:00+02:00'),
    ]);
    expect(arabic[0].body).toContain('12 مايو 2026');
    for (const item of arabic.slice(1)) expect(item.body).toMatch(/20 مايو 2026 في 14:00/);
  });
});
