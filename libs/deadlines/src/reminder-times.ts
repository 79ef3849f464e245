import { DateTime, Duration } from 'luxon';

/** Reminders a consultation gets when its launch names none: a week and a day before each deadline. */
export const DEFAULT_REMINDER_OFFSETS: readonly string[] = ['P7D', 'P1D'];

/** The ISO 8601 durations the launch accepts (libs/consultation's launch DTO): `P7D`, `PT24H`, `P1W`... */
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/** Whether `offset` is a duration a reminder can be set by: ISO 8601, at most 40 characters, longer than nothing. */
export function isReminderOffset(offset: unknown): offset is string {
  if (typeof offset !== 'string' || offset.length > 40 || !DURATION.test(offset)) return false;
  const duration = Duration.fromISO(offset);
  return duration.isValid && duration.toMillis() > 0;
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

/**
 * When each reminder before `at` falls due: every offset subtracted as wall-clock time in
 * `zone` (`P1D` before 23:59 local is 23:59 local the day before, across a DST change;
 * `PT24H` likewise), as UTC instants (`...Z`), in the order of `offsets`. An offset that is
 * not a valid duration, or a zone or instant that is not valid, gives no reminder.
 */
export function reminderTimes(at: string, offsets: readonly string[], zone: string): string[] {
  const local = DateTime.fromISO(at, { zone });
  if (!local.isValid) return [];
  // Arithmetic on the wall clock: the local time read as if it were UTC, which has no DST.
  const wall = local.setZone('UTC', { keepLocalTime: true });
  return offsets.filter(isReminderOffset).flatMap((offset) => {
    const due = wall.minus(Duration.fromISO(offset)).setZone(zone, { keepLocalTime: true });
    return due.isValid ? [due.toUTC().toISO()!] : [];
  });
}
