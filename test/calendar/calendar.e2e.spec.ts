import ICAL from 'ical.js';
import { clientFor } from '../support/consult-client';
import { startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { Call, command, expectStatus, setClock } from '../reminders/reminders.fixture';

jest.setTimeout(60_000);

const PUBLIC_URL = 'https://consult.example.org';
const ZONE = 'Europe/Zurich';
const LAUNCH = { workflow: 'council-approval', reference: 'CL-19/47', title: { en: 'GCA guidelines', fr: 'Lignes directrices GCA' }, eligibleGroups: ['member-state'], timezone: ZONE };

/** One VEVENT as the test reads it, through ical.js rather than our own code. */
interface Vevent { uid: string; sequence: number; status: string; summary: string; start: string; startZone: string; end?: string; url: string; location?: string; description: string }

/** The feed as an independent parser reads it. */
interface Feed { status: number; contentType: string | null; etag: string | null; text: string; calendar: ICAL.Component; events: Map<string, Vevent> }

function veventOf(component: ICAL.Component): Vevent {
  const value = (name: string) => component.getFirstPropertyValue(name);
  const start = component.getFirstProperty('dtstart')!;
  return {
    uid: String(value('uid')), sequence: Number(value('sequence')), status: String(value('status')), summary: String(value('summary')),
    start: String(start.getFirstValue()), startZone: String(start.getParameter('tzid')), end: value('dtend') === null ? undefined : String(value('dtend')),
    url: String(value('url')), location: value('location') === null ? undefined : String(value('location')), description: String(value('description')),
  };
}

describe('calendar.ics: the GCA consultation\'s meetings and deadlines as an iCalendar feed (manual clock, SQLite)', () => {
  const data = tempDir();
  let baseUrl: string;
  let call: Call;
  let id: string;
  const uid = (key: string) => `${id}.${key}@consult.example.org`;

  async function fetchFeed(headers: Record<string, string> = {}): Promise<Feed> {
    const response = await fetch(`${baseUrl}/api/consultations/${id}/calendar.ics`, { headers });
    const text = await response.text();
    const calendar = response.status === 200 ? new ICAL.Component(ICAL.parse(text)) : new ICAL.Component('vcalendar');
    const events = new Map(calendar.getAllSubcomponents('vevent').map((c) => { const e = veventOf(c); return [e.uid, e] as const; }));
    return { status: response.status, contentType: response.headers.get('content-type'), etag: response.headers.get('etag'), text, calendar, events };
  }

  beforeAll(async () => {
    const api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual', CONSULT_PUBLIC_URL: PUBLIC_URL });
    baseUrl = api.baseUrl;
    call = clientFor(baseUrl);
    await setClock(call, '2019-10-15T07:00:00Z');
    id = expectStatus(await call('POST', '/api/consultations', 'secretariat', LAUNCH), 201, 'launch').body.id;
    await setClock(call, '2019-10-15T07:05:00Z');
    await command(call, id, 'scheduleMeeting', { meetingId: 'ocm-1', startsAt: '2020-04-06T14:00:00+02:00', endsAt: '2020-04-06T17:00:00+02:00', format: 'physical', location: 'Geneva' });
  });
  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('answers text/calendar with the VTIMEZONE of the consultation\'s zone', async () => {
    const feed = await fetchFeed();
    expect([feed.status, feed.contentType]).toEqual([200, 'text/calendar; charset=utf-8']);
    expect(feed.calendar.getAllSubcomponents('vtimezone').map((tz) => tz.getFirstPropertyValue('tzid'))).toEqual([ZONE]);
  });

  it('writes the meeting in local time with its TZID, in English, with its UID, URL, location and format', async () => {
    const meeting = (await fetchFeed()).events.get(uid('meeting:ocm-1'));
    expect(meeting).toMatchObject({
      sequence: 0, status: 'CONFIRMED', summary: 'Meeting ocm-1: GCA guidelines', start: '2020-04-06T14:00:00', startZone: ZONE,
      end: '2020-04-06T17:00:00', url: `${PUBLIC_URL}/consultations/${id}`, location: 'Geneva',
    });
    expect(meeting!.description).toContain('Format: physical');
  });

  it('gives the same UIDs and the same text on every fetch, and 304 to a client that has it', async () => {
    const [first, second] = [await fetchFeed(), await fetchFeed()];
    expect([...second.events.keys()]).toEqual([...first.events.keys()]);
    expect(second.text).toBe(first.text);
    expect((await fetchFeed({ 'if-none-match': first.etag! })).status).toBe(304);
  });

  it('raises SEQUENCE with each reschedule and format change, keeping the UID', async () => {
    const before = await fetchFeed();
    await setClock(call, '2020-03-18T09:00:00Z');
    await command(call, id, 'rescheduleMeeting', { meetingId: 'ocm-1', startsAt: '2020-04-16T13:00:00+02:00', endsAt: '2020-04-16T14:30:00+02:00', reason: 'CL-20/18: COVID-19' });
    expect((await fetchFeed()).events.get(uid('meeting:ocm-1'))).toMatchObject({ sequence: 1, start: '2020-04-16T13:00:00' });
    await setClock(call, '2020-03-25T09:01:00Z');
    await command(call, id, 'rescheduleMeeting', { meetingId: 'ocm-1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00', reason: 'Clash with the WSIS Forum' });
    await command(call, id, 'changeMeetingFormat', { meetingId: 'ocm-1', format: 'virtual', reason: 'CL-20/18: held online' });
    const after = await fetchFeed();
    expect(after.events.get(uid('meeting:ocm-1'))).toMatchObject({ sequence: 3, start: '2020-04-23T13:00:00', description: expect.stringContaining('Format: virtual') });
    expect(after.etag).not.toBe(before.etag);
  });

  it('adds the round\'s closing as a deadline at 23:59 Geneva time, and counts its extension', async () => {
    await setClock(call, '2020-04-09T10:05:00Z');
    await command(call, id, 'publishDraft', { documentRef: 'GCA', version: '1', sections: [{ number: '1', title: 'Intro' }] });
    await command(call, id, 'openConsultation', { closesAt: '2020-04-30T21:59:00Z' });
    expect((await fetchFeed()).events.get(uid('round:1'))).toMatchObject({ sequence: 0, start: '2020-04-30T23:59:00', startZone: ZONE, end: undefined });
    await setClock(call, '2020-04-23T12:30:00Z');
    await command(call, id, 'recordMeeting', { meetingId: 'ocm-1', participants: 92 });
    await command(call, id, 'extendDeadline', { closesAt: '2020-05-15T21:59:00Z', reason: 'More time asked by Member States' });
    expect((await fetchFeed()).events.get(uid('round:1'))).toMatchObject({ sequence: 1, start: '2020-05-15T23:59:00', summary: 'Consultation round 1 closes: GCA guidelines' });
  });

  it('cancels what a withdrawal leaves pending, and keeps the meeting already held', async () => {
    await command(call, id, 'scheduleMeeting', { meetingId: 'ocm-2', startsAt: '2020-05-05T14:00:00+02:00', endsAt: '2020-05-05T16:00:00+02:00', format: 'virtual' });
    await setClock(call, '2020-04-28T09:00:00Z');
    await command(call, id, 'withdraw', { reason: 'Superseded by the revised guidelines' });
    const { events } = await fetchFeed();
    const seen = [...events.values()].map((e) => [e.uid, e.status, e.sequence]);
    expect(seen).toEqual(expect.arrayContaining([[uid('meeting:ocm-1'), 'CONFIRMED', 3], [uid('meeting:ocm-2'), 'CANCELLED', 1], [uid('round:1'), 'CANCELLED', 2]]));
    expect(events.size).toBe(3);
  });

  it('answers an unknown consultation with a 404 JSON error', async () => {
    const response = await fetch(`${baseUrl}/api/consultations/00000000-0000-4000-8000-000000000000/calendar.ics`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ statusCode: 404, error: expect.any(String), message: expect.any(String) });
  });
});
