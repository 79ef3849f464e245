import { DateTime } from 'luxon';
import { v5 as uuidv5 } from 'uuid';
import type { ReminderTarget, ReminderTargetKind } from './reminder-targets';
import { reminderTimes } from './reminder-times';

/** The namespace of reminder ids: the same consultation, target and offset always give the same id. */
const REMINDER_NAMESPACE = '5b0f4a52-8d7e-4c1e-9a43-1f6b2b8c7d10';

/** One reminder: `offset` before a target of a consultation, due at `dueAt` (UTC). */
export interface Reminder {
  id: string;
  consultationId: string;
  targetKey: string;
  targetKind: ReminderTargetKind;
  /** The target's instant, in UTC. */
  targetAt: string;
  targetTitle: string;
  offset: string;
  dueAt: string;
}

/** The reminder's id: deterministic, so a replay or a rebuild names the same reminder the same way. */
export const reminderId = (consultationId: string, targetKey: string, offset: string): string =>
  uuidv5(`${consultationId}\n${targetKey}\n${offset}`, REMINDER_NAMESPACE);

/** Every reminder of the targets, one per offset, computed on the consultation's wall clock (`zone`). */
export function remindersOf(consultationId: string, targets: readonly ReminderTarget[], offsets: readonly string[], zone: string): Reminder[] {
  return targets.flatMap((target) => {
    const targetAt = DateTime.fromISO(target.at, { zone: 'UTC' });
    if (!targetAt.isValid) return [];
    return offsets.flatMap((offset) => reminderTimes(target.at, [offset], zone).map((dueAt) => ({
      id: reminderId(consultationId, target.key, offset), consultationId, targetKey: target.key, targetKind: target.kind,
      targetAt: targetAt.toISO()!, targetTitle: target.title, offset, dueAt,
    })));
  });
}
