import {
  NOTIFICATION_LANGUAGES, type ConsultationRef, type NotificationContent, type NotificationLanguage, type RenderedNotification,
} from '../notification.types';
import { notificationI18n } from './i18n';
import { renderValues } from './render-values';

/** The language texts are written in for a requested one: `fr-CH` → `fr`; anything else → `en`. */
export function resolveLanguage(language: string | null | undefined): NotificationLanguage {
  const base = (language ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (NOTIFICATION_LANGUAGES as readonly string[]).includes(base) ? (base as NotificationLanguage) : 'en';
}

/**
 * A notification in one reader's language: title and body from the ICU texts, the
 * consultation's title in that language (else English, else the first given), dates in the
 * consultation's time zone. Pure and synchronous; the i18next instance is shared.
 */
export function renderNotification(content: NotificationContent, language: string, consultation: ConsultationRef): RenderedNotification {
  const lang = resolveLanguage(language);
  const t = (key: string, values?: Record<string, unknown>) => notificationI18n.t(key, { ...values, lng: lang }) as string;
  const exists = (key: string) => notificationI18n.exists(key, { lng: lang });
  const values = renderValues(content.params, lang, consultation, t, exists);
  return {
    title: t(`types/${content.type}/title`, values),
    body: t(`types/${content.type}/body`, values),
    language: lang,
  };
}
