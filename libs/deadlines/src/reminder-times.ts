import { DateTime, Duration } from 'luxon';
import { ZoneOffsets } from './zone-offsets';

/** Reminders a consultation gets when its launch names none: a week and a day before each deadline. */
export const DEFAULT_REMINDER_OFFSETS: readonly string[] = ['P7D', 'P1D'];

/** The ISO 8601 durations the launch accepts (libs/consultation's launch DTO): `P7D`, `PT24H`, `P1W`... */
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** The first wall-clock time the quick path works on: ZoneOffsets is checked from 1970 on. */
const EARLIEST = Date.UTC(1970, 0, 2);

/** An offset's calendar part (years, months, days with weeks) and its clock part in milliseconds. */
interface OffsetParts {
  years: number;
  months: number;
  days: number;
  millis: number;
}

/** Parsed offsets by text (null: not a reminder offset). The launches name a handful. */
const parsedOffsets = new Map<string, OffsetParts | null>();

function partsOf(offset: string): OffsetParts | null {
  let parts = parsedOffsets.get(offset);
  if (parts === undefined) {
    const match = offset.length <= 40 ? DURATION.exec(offset) : null;
    const duration = match ? Duration.fromISO(offset) : null;
    parts = duration && duration.isValid && duration.toMillis() > 0 ? {
      years: duration.years, months: duration.months, days: duration.weeks * 7 + duration.days,
      millis: ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000,
    } : null;
    if (parsedOffsets.size >= 1000) parsedOffsets.clear();
    parsedOffsets.set(offset, parts);
  }
  return parts;
}

/** Whether `offset` is a duration a reminder can be set by: ISO 8601, at most 40 characters, longer than nothing. */
export function isReminderOffset(offset: unknown): offset is string {
  return typeof offset === 'string' && partsOf(offset) !== null;
}

/**
 * The offsets a launch asks for (its `reminderOffsets`, else the default), without
 * duplicates. An invalid one is skipped, never thrown: stored events are facts, and a
 * projection must not stop on one the launch validation of an older version let through.
 */
export function reminderOffsetsOf(launch: { reminderOffsets?: unknown }): string[] {
  const asked = Array.isArray(launch.reminderOffsets) ? launch.reminderOffsets : DEFAULT_REMINDER_OFFSETS;
  return [...new Set(asked.filter(isReminderOffset))];
}

/** An instant with a `Z` or `±hh:mm` offset and at most milliseconds, which `Date.parse` reads as luxon does. */
const PLAIN_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * `at` in epoch milliseconds if it is an instant `Date.parse` reads as luxon does (a `Z` or
 * `±hh:mm` offset, at most milliseconds, from 1970), else NaN: luxon's to read.
 */
export function plainInstant(at: string): number {
  const match = PLAIN_INSTANT.exec(at);
  if (!match || +match[1] < 1970 || +match[1] > 9000 || +match[4] > 23 || +(match[8] ?? 0) > 14) return NaN;
  const ms = Date.parse(at);
  // Date.parse rolls 31 February over where luxon refuses it: only a date that reads back is taken.
  const day = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return day.getUTCDate() === +match[3] && day.getUTCMonth() === +match[2] - 1 ? ms : NaN;
}

/** Wall-clock milliseconds (local time read as UTC) `parts` earlier, as luxon's `minus` counts them in UTC. */
function wallMinus(wall: number, parts: OffsetParts): number {
  if (parts.years === 0 && parts.months === 0) return wall - parts.days * DAY_MS - parts.millis;
  const date = new Date(wall);
  const months = date.getUTCFullYear() * 12 + date.getUTCMonth() - parts.years * 12 - parts.months;
  const year = Math.floor(months / 12);
  const month = months - year * 12;
  // luxon keeps the day within the shorter month (31 March less a month is 28 or 29 February).
  const day = Math.min(date.getUTCDate(), new Date(Date.UTC(year, month + 1, 0)).getUTCDate()) - parts.days;
  return Date.UTC(year, month, day) + (((wall % DAY_MS) + DAY_MS) % DAY_MS) - parts.millis;
}

/** The instant a wall-clock time falls on in the zone: luxon's `fixOffset`, guessing as `setZone(..., { keepLocalTime })` does. */
function instantOf(wall: number, zone: ZoneOffsets): number {
  const guess = zone.offset(wall);
  let instant = wall - guess * MINUTE_MS;
  const second = zone.offset(instant);
  if (second === guess) return instant;
  instant -= (second - guess) * MINUTE_MS;
  const third = zone.offset(instant);
  // A wall-clock time in a spring gap moves forward to the first time that exists.
  return second === third ? instant : wall - Math.min(second, third) * MINUTE_MS;
}

/** `reminderTimes` by luxon alone: for what the quick path is not checked for (times before 1970, zones like `UTC+3`). */
export function reminderTimesByLuxon(at: string, offsets: readonly string[], zone: string): string[] {
  const local = DateTime.fromISO(at, { zone });
  if (!local.isValid) return [];
  // Arithmetic on the wall clock: the local time read as if it were UTC, which has no DST.
  const wall = local.setZone('UTC', { keepLocalTime: true });
  return offsets.filter(isReminderOffset).flatMap((offset) => {
    const due = wall.minus(Duration.fromISO(offset)).setZone(zone, { keepLocalTime: true });
    return due.isValid ? [due.toUTC().toISO()!] : [];
  });
}

/**
 * When each reminder before `at` falls due: every offset subtracted as wall-clock time in
 * `zone` (`P1D` before 23:59 local is 23:59 local the day before, across a DST change;
 * `PT24H` likewise), as UTC instants (`...Z`), in the order of `offsets`. An offset that is
 * not a valid duration, or a zone or instant that is not valid, gives no reminder. The
 * result is luxon's, worked out on epoch milliseconds with the zone's offsets looked up
 * once a day (a rebuild computes it for every deadline of every consultation).
 */
export function reminderTimes(at: string, offsets: readonly string[], zone: string): string[] {
  const offsetsOfZone = ZoneOffsets.of(zone);
  const instant = offsetsOfZone ? plainInstant(at) : NaN;
  if (!offsetsOfZone || Number.isNaN(instant)) return reminderTimesByLuxon(at, offsets, zone);
  const wall = instant + offsetsOfZone.offset(instant) * MINUTE_MS;
  const times: string[] = [];
  for (const offset of offsets) {
    const parts = partsOf(offset);
    if (!parts) continue;
    const due = wallMinus(wall, parts);
    if (due >= EARLIEST) times.push(new Date(instantOf(due, offsetsOfZone)).toISOString());
    else times.push(...reminderTimesByLuxon(at, [offset], zone));
  }
  return times;
}
