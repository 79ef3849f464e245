import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { ReminderTarget, ReminderTargetKind } from './reminder-targets';
import { plainInstant, reminderTimes } from './reminder-times';

/** The namespace of reminder ids: the same consultation, target and offset always give the same id. */
const REMINDER_NAMESPACE = '5b0f4a52-8d7e-4c1e-9a43-1f6b2b8c7d10';
const NAMESPACE_BYTES = Buffer.from(REMINDER_NAMESPACE.replace(/-/g, ''), 'hex');

/** One reminder: `offset` before a target of a consultation, due at `dueAt` (UTC). */
export interface Reminder {
  id: string;
  consultationId: string;
  targetKey: string;
  targetKind: ReminderTargetKind;
  /** The target's instant, in UTC. */
  targetAt: string;
  targetTitle: string;
  /** The phase's or meeting's own name (`ReminderTarget.name`), for the reminder's text in each language. */
  targetName: string | Record<string, string>;
  offset: string;
  dueAt: string;
}

/**
 * The reminder's id: deterministic, so a replay or a rebuild names the same reminder the
 * same way. A version 5 UUID of the namespace, byte for byte what `uuid`'s `v5` gives (the
 * ids are stored in `reminder_sent`: another scheme would send reminders again), hashed
 * here without `uuid`'s byte-by-byte copy of the name.
 */
export function reminderId(consultationId: string, targetKey: string, offset: string): string {
  const hash = createHash('sha1').update(NAMESPACE_BYTES).update(`${consultationId}\n${targetKey}\n${offset}`, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `at` in UTC (`...Z`), or null if it is not a valid instant. */
function utcOf(at: string): string | null {
  const ms = plainInstant(at);
  if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  const luxon = DateTime.fromISO(at, { zone: 'UTC' });
  return luxon.isValid ? luxon.toISO() : null;
}

/** Every reminder of the targets, one per offset, computed on the consultation's wall clock (`zone`). */
export function remindersOf(consultationId: string, targets: readonly ReminderTarget[], offsets: readonly string[], zone: string): Reminder[] {
  return targets.flatMap((target) => {
    const targetAt = utcOf(target.at);
    if (targetAt === null) return [];
    return offsets.flatMap((offset) => reminderTimes(target.at, [offset], zone).map((dueAt) => ({
      id: reminderId(consultationId, target.key, offset), consultationId, targetKey: target.key, targetKind: target.kind,
      targetAt, targetTitle: target.title, targetName: target.name, offset, dueAt,
    })));
  });
}
