import type { NotificationContent } from '../notification.types';
import { localisedParams, text } from './content-params';

/** A reminder as the scheduler hands it over: what falls due, when, how long before, and whether it is late. */
export interface ReminderFacts {
  targetKind: string;
  targetKey: string;
  targetTitle?: Record<string, string> | string | null;
  targetAt: string;
  /** The ISO 8601 duration before `targetAt` the reminder was due (`P7D`). */
  offset: string;
  late: boolean;
}

/** `deadline.reminder`: the target's title falls back to its key, so a reminder always names what it is about. */
export function reminderContent(r: ReminderFacts): NotificationContent {
  const title = localisedParams('targetTitle', r.targetTitle);
  return {
    type: 'deadline.reminder',
    params: {
      targetKind: r.targetKind, targetKey: r.targetKey,
      ...(Object.keys(title).length > 0 ? title : { targetTitle: r.targetKey }),
      targetAt: r.targetAt, offset: text(r.offset), late: r.late === true,
    },
  };
}
