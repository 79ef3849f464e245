import ICAL from 'ical.js';
import { clientFor } from '../support/consult-client';
import { startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { Call, command, expectStatus, setClock } from '../reminders/reminders.fixture';

jest.setTimeout(60_000);

/** The WSIS Forum 2020 (seed 002): a call for workshops, then a forum moved twice and made virtual. */
const WSIS_LAUNCH = {
  workflow: 'phased-forum', title: { en: 'WSIS Forum 2020' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich',
  phases: [
    { key: 'open-call', kind: 'deadline', title: { en: 'Open call' }, startsAt: '2020-01-06T08:00:00Z', endsAt: '2020-03-01T22:59:59Z', opens: ['formal-contribution'] },
    { key: 'forum', kind: 'meeting', title: { en: 'WSIS Forum 2020' }, format: 'physical', location: 'Geneva', startsAt: '2020-04-06T07:00:00Z', endsAt: '2020-04-09T16:00:00Z', opens: [] },
  ],
};

/** Each VEVENT's UID → [SUMMARY, DTSTART as local time, its TZID, SEQUENCE], read by ical.js. */
async function eventsOf(baseUrl: string, id: string): Promise<Map<string, [string, string, string, number]>> {
  const response = await fetch(`${baseUrl}/api/consultations/${id}/calendar.ics`);
  expect(response.status).toBe(200);
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  return new Map(calendar.getAllSubcomponents('vevent').map((vevent) => {
    const start = vevent.getFirstProperty('dtstart')!;
    const row: [string, string, string, number] = [
      String(vevent.getFirstPropertyValue('summary')), String(start.getFirstValue()), String(start.getParameter('tzid')), Number(vevent.getFirstPropertyValue('sequence')),
    ];
    return [String(vevent.getFirstPropertyValue('uid')), row] as const;
  }));
}

describe('calendar.ics of a phased forum: its meeting phase as an event, the end of its other phases as deadlines', () => {
  const data = tempDir();
  let baseUrl: string;
  let call: Call;
  let id: string;

  beforeAll(async () => {
    const api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual', CONSULT_PUBLIC_URL: 'https://consult.example.org' });
    baseUrl = api.baseUrl;
    call = clientFor(baseUrl);
    await setClock(call, '2020-01-06T07:00:00Z');
    id = expectStatus(await call('POST', '/api/consultations', 'secretariat', WSIS_LAUNCH), 201, 'launch').body.id;
  });
  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('shows the call\'s end and the forum\'s days in Geneva time, as planned at the launch', async () => {
    const events = await eventsOf(baseUrl, id);
    expect(events.get(`${id}.phase:open-call@consult.example.org`)).toEqual(['Open call ends: WSIS Forum 2020', '2020-03-01T23:59:59', 'Europe/Zurich', 0]);
    expect(events.get(`${id}.phase:forum@consult.example.org`)).toEqual(['WSIS Forum 2020: WSIS Forum 2020', '2020-04-06T09:00:00', 'Europe/Zurich', 0]);
  });

  it('follows the extension, the reschedule and the format change, each one a new SEQUENCE', async () => {
    await setClock(call, '2020-02-20T09:00:00Z');
    await command(call, id, 'extendDeadline', { phaseKey: 'open-call', endsAt: '2020-03-08T22:59:59Z', reason: 'More time for workshop requests' });
    await setClock(call, '2020-03-18T09:00:00Z');
    await command(call, id, 'reschedulePhase', { phaseKey: 'forum', startsAt: '2020-09-07T07:00:00Z', endsAt: '2020-09-10T16:00:00Z', reason: 'Postponed (COVID-19)' });
    await command(call, id, 'changeMeetingFormat', { phaseKey: 'forum', format: 'virtual', reason: 'COVID-19' });
    const events = await eventsOf(baseUrl, id);
    // The call ended on time, by the scheduler, at its extended end: the extension is its one revision.
    expect(events.get(`${id}.phase:open-call@consult.example.org`)).toEqual(['Open call ends: WSIS Forum 2020', '2020-03-08T23:59:59', 'Europe/Zurich', 1]);
    expect(events.get(`${id}.phase:forum@consult.example.org`)).toEqual(['WSIS Forum 2020: WSIS Forum 2020', '2020-09-07T09:00:00', 'Europe/Zurich', 2]);
  });
});
