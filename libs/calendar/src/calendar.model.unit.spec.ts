import { calendarOf, type CalendarItem, type CalendarSource } from './calendar.model';

const at = (recordedAt: string, change: string, reason?: string) => ({ change, recordedAt, reason });

const meeting = (over: Partial<CalendarItem> = {}): CalendarItem => ({
  key: 'meeting:m1', kind: 'meeting', status: 'scheduled', format: 'hybrid', location: 'Geneva, CICG',
  plannedAt: '2026-03-10T09:00:00+01:00', plannedEndsAt: '2026-03-10T12:00:00+01:00',
  detail: { meetingId: 'm1' }, changes: [at('2026-02-01T10:00:00Z', 'scheduled')], ...over,
});

const round: CalendarItem = {
  key: 'round:1', kind: 'consultation-round', status: 'open', actualAt: '2026-02-01T09:00:00Z', plannedEndsAt: '2026-04-01T23:59:00+02:00',
  detail: { round: 1 }, changes: [at('2026-02-01T09:00:00Z', 'opened')],
};

const source = (items: CalendarItem[]): CalendarSource => ({
  consultationId: 'c-1', title: { ar: 'خطة الترقيم', en: 'Numbering plan' }, timezone: 'Europe/Zurich',
  publicUrl: 'https://consult.example.org/', items,
});

describe('calendarOf: timeline items become calendar events', () => {
  it('makes one event per meeting and per deadline, and none of drafts, decisions or the launch', () => {
    const draft: CalendarItem = { key: 'draft:1', kind: 'draft', status: 'done', actualAt: '2026-01-01T00:00:00Z', detail: {}, changes: [at('2026-01-01T00:00:00Z', 'published')] };
    const feed = calendarOf(source([draft, meeting(), round]));
    expect(feed.events.map((event) => event.uid)).toEqual(['c-1.meeting:m1@consult.example.org', 'c-1.round:1@consult.example.org']);
  });

  it('titles events in English, links to the dashboard and keeps format and location apart', () => {
    const [event] = calendarOf(source([meeting()])).events;
    expect(event).toMatchObject({
      summary: 'Meeting m1: Numbering plan', url: 'https://consult.example.org/consultations/c-1', location: 'Geneva, CICG',
      startsAt: '2026-03-10T09:00:00+01:00', endsAt: '2026-03-10T12:00:00+01:00', status: 'CONFIRMED', sequence: 0,
    });
    expect(event.description).toContain('Format: hybrid');
  });

  it('puts a round\'s deadline at its closing time, as an instant', () => {
    const [event] = calendarOf(source([round])).events;
    expect(event).toMatchObject({ summary: 'Consultation round 1 closes: Numbering plan', startsAt: '2026-04-01T23:59:00+02:00', endsAt: undefined });
  });

  it('counts each reschedule and format change in SEQUENCE and stamps the latest change', () => {
    const moved = meeting({ changes: [
      at('2026-02-01T10:00:00Z', 'scheduled'), at('2026-02-05T10:00:00Z', 'rescheduled', 'Room unavailable'), at('2026-02-06T10:00:00Z', 'format-changed', 'Travel'),
    ] });
    const [event] = calendarOf(source([moved])).events;
    expect(event).toMatchObject({ sequence: 2, stamp: '2026-02-06T10:00:00Z' });
    expect(event.description).toContain('Last change (format-changed): Travel');
  });

  it('counts an extension of a round\'s closing', () => {
    const extended = { ...round, plannedEndsAt: '2026-04-15T23:59:00+02:00', changes: [...round.changes, at('2026-03-01T00:00:00Z', 'extended', 'Asked for')] };
    expect(calendarOf(source([extended])).events[0]).toMatchObject({ sequence: 1, startsAt: '2026-04-15T23:59:00+02:00' });
  });

  it('cancels what a withdrawal left pending, and only that', () => {
    const held = meeting({ key: 'meeting:m0', status: 'held', detail: { meetingId: 'm0' } });
    const withdrawal: CalendarItem = { key: 'withdrawal', kind: 'withdrawal', status: 'done', detail: {}, changes: [at('2026-03-05T10:00:00Z', 'withdrawn', 'Superseded')] };
    const events = calendarOf(source([held, meeting(), round, withdrawal])).events;
    expect(events.map((event) => [event.uid.split('@')[0], event.status, event.sequence])).toEqual([
      ['c-1.meeting:m0', 'CONFIRMED', 0], ['c-1.meeting:m1', 'CANCELLED', 1], ['c-1.round:1', 'CANCELLED', 1],
    ]);
    expect(events[1]).toMatchObject({ stamp: '2026-03-05T10:00:00Z' });
    expect(events[1].description).toContain('Cancelled: the consultation was withdrawn (Superseded)');
  });

  it('shows a round closed early at its actual closing, as a new revision', () => {
    const closed = { ...round, status: 'closed', actualEndsAt: '2026-03-20T12:00:00Z', changes: [...round.changes, at('2026-03-20T12:00:00Z', 'closed')] };
    expect(calendarOf(source([closed])).events[0]).toMatchObject({ startsAt: '2026-03-20T12:00:00Z', sequence: 1, status: 'CONFIRMED' });
  });

  it('spans a forum\'s meeting phase and marks the end of its other phases', () => {
    const phase = (key: string, phaseKind: string): CalendarItem => ({
      key: `phase:${key}`, kind: 'phase', status: 'planned', title: { en: `Phase ${key}` }, plannedAt: '2026-05-01T09:00:00+02:00',
      plannedEndsAt: '2026-05-02T18:00:00+02:00', detail: { phaseKey: key, phaseKind }, changes: [at('2026-04-01T00:00:00Z', 'planned')],
    });
    const [meet, comments] = calendarOf(source([phase('forum', 'meeting'), phase('comments', 'deadline')])).events;
    expect(meet).toMatchObject({ summary: 'Phase forum: Numbering plan', startsAt: '2026-05-01T09:00:00+02:00', endsAt: '2026-05-02T18:00:00+02:00' });
    expect(comments).toMatchObject({ summary: 'Phase comments ends: Numbering plan', startsAt: '2026-05-02T18:00:00+02:00', endsAt: undefined });
  });

  it('keeps a meeting phase on its planned days once the phase before it has ended and it is current', () => {
    const current: CalendarItem = {
      key: 'phase:forum', kind: 'phase', status: 'current', title: { en: 'Forum' }, actualAt: '2026-03-01T00:00:00Z', plannedAt: '2026-05-01T09:00:00+02:00',
      plannedEndsAt: '2026-05-02T18:00:00+02:00', detail: { phaseKey: 'forum', phaseKind: 'meeting' }, changes: [at('2026-04-01T00:00:00Z', 'planned'), at('2026-03-01T00:00:00Z', 'started')],
    };
    expect(calendarOf(source([current])).events[0]).toMatchObject({ startsAt: '2026-05-01T09:00:00+02:00', sequence: 0, status: 'CONFIRMED' });
  });
});
