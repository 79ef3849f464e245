import { DateTime, Duration } from 'luxon';
import type { NotificationLanguage } from '../notification.types';

/** Intl locales: British English for `en` (day before month, no serial comma in lists). */
export const INTL_LOCALES: Record<NotificationLanguage, string> = { ar: 'ar', en: 'en-GB', es: 'es', fr: 'fr', ru: 'ru', zh: 'zh-CN' };

/** A formatted instant and the zone it is shown in, for the `zone` text to join. */
export interface LocalTime {
  date: string;
  zone: string;
}

/**
 * An instant as wall-clock time in the consultation's zone, in the reader's words (23:59 in
 * Geneva stays 23:59 whoever reads it). A zone luxon does not know falls back to UTC, an
 * unreadable instant is shown as stored: a notice is never lost to a formatting problem.
 */
export function localTime(iso: string, zone: string, lang: NotificationLanguage): LocalTime | null {
  const parsed = DateTime.fromISO(iso, { setZone: true });
  if (!parsed.isValid) return null;
  let local = parsed.setZone(zone);
  if (!local.isValid) local = parsed.setZone('UTC');
  const date = local.setLocale(INTL_LOCALES[lang]).toLocaleString({ dateStyle: 'long', timeStyle: 'short', hourCycle: 'h23' });
  return { date, zone: `${local.zoneName}, UTC${local.toFormat('ZZ')}` };
}

/** How long before, in the largest whole unit: `P7D` → 7 days, `PT36H` → 36 hours, `PT90M` → 90 minutes. */
export function span(offset: string | null): { unit: 'day' | 'hour' | 'minute'; amount: number } {
  const minutes = offset ? Duration.fromISO(offset).as('minutes') : NaN;
  if (!Number.isFinite(minutes) || minutes <= 0) return { unit: 'day', amount: 0 };
  if (minutes % 1440 === 0) return { unit: 'day', amount: minutes / 1440 };
  if (minutes % 60 === 0) return { unit: 'hour', amount: minutes / 60 };
  return { unit: 'minute', amount: Math.round(minutes) };
}
