import ICAL from 'ical.js';
import { renderCalendar } from './calendar.render';
import type { CalendarEvent, CalendarFeed } from './calendar.model';

const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: 'c-1.meeting:m1@consult.example.org', summary: 'Meeting m1: Numbering plan', description: 'Numbering plan\nFormat: hybrid',
  startsAt: '2026-07-01T07:00:00Z', endsAt: '2026-07-01T10:00:00Z', sequence: 2, status: 'CONFIRMED', location: 'Geneva',
  url: 'https://consult.example.org/consultations/c-1', stamp: '2026-06-01T08:30:00+02:00', ...over,
});

const feed = (events: CalendarEvent[]): CalendarFeed => ({ name: 'Numbering plan', timezone: 'Europe/Zurich', url: 'https://consult.example.org/consultations/c-1', events });

const parsed = (text: string) => new ICAL.Component(ICAL.parse(text));

describe('renderCalendar: iCalendar text an independent parser reads', () => {
  it('carries the zone\'s VTIMEZONE and writes times as local times with that TZID', () => {
    const calendar = parsed(renderCalendar(feed([event()])));
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Zurich');
    const start = calendar.getFirstSubcomponent('vevent')!.getFirstProperty('dtstart')!;
    expect(start.getParameter('tzid')).toBe('Europe/Zurich');
    expect(String(start.getFirstValue())).toBe('2026-07-01T09:00:00');
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/Zurich');
  });

  it('keeps UID, SEQUENCE, STATUS, URL, LOCATION and DESCRIPTION as given, and DTSTAMP in UTC', () => {
    const vevent = parsed(renderCalendar(feed([event({ status: 'CANCELLED' })]))).getFirstSubcomponent('vevent')!;
    const value = (name: string) => String(vevent.getFirstPropertyValue(name));
    expect([value('uid'), value('sequence'), value('status'), value('url'), value('location')])
      .toEqual(['c-1.meeting:m1@consult.example.org', '2', 'CANCELLED', 'https://consult.example.org/consultations/c-1', 'Geneva']);
    expect(value('description')).toBe('Numbering plan\nFormat: hybrid');
    expect(value('dtstamp')).toBe('2026-06-01T06:30:00Z');
  });

  it('writes a deadline as an instant, with no end', () => {
    const vevent = parsed(renderCalendar(feed([event({ endsAt: undefined })]))).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstProperty('dtend')).toBeNull();
  });

  it('renders the same feed to the same text', () => {
    expect(renderCalendar(feed([event()]))).toBe(renderCalendar(feed([event()])));
  });
});
