import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { CalendarEvent, CalendarFeed } from './calendar.model';

/** The VTIMEZONE of an IANA zone; none for a zone the library does not know (times then carry a TZID clients may guess). */
function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) && block[0]?.startsWith('BEGIN:VTIMEZONE') ? block[0] : null;
}

/** An instant as a date-time in the zone: ical-generator then writes the local time with its TZID. */
const zoned = (instant: string, zone: string): DateTime => DateTime.fromISO(instant, { setZone: true }).setZone(zone);

function addEvent(calendar: ReturnType<typeof ical>, event: CalendarEvent, zone: string): void {
  calendar.createEvent({
    id: event.uid,
    sequence: event.sequence,
    // An instant in UTC: DTSTAMP is never local time.
    stamp: new Date(event.stamp),
    start: zoned(event.startsAt, zone),
    end: event.endsAt ? zoned(event.endsAt, zone) : null,
    timezone: zone,
    summary: event.summary,
    description: event.description,
    location: event.location ?? null,
    url: event.url,
    status: event.status === 'CANCELLED' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
}

/**
 * The feed as iCalendar text. The calendar itself names no zone, so DTSTAMP stays in UTC;
 * each event names the consultation's, whose VTIMEZONE the generator adds once, and
 * X-WR-TIMEZONE tells clients that read it which zone the calendar is kept in.
 */
export function renderCalendar(feed: CalendarFeed): string {
  const calendar = ical({
    name: feed.name,
    prodId: { company: 'consult', product: 'consultations', language: 'EN' },
    url: feed.url,
    x: [['X-WR-TIMEZONE', feed.timezone]],
  });
  calendar.timezone({ name: null, generator: vtimezone });
  for (const event of feed.events) addEvent(calendar, event, feed.timezone);
  return calendar.toString();
}
