import { createInstance, type i18n as I18n } from 'i18next';
import ICU from 'i18next-icu';
import { NOTIFICATION_LANGUAGES } from '../notification.types';
import { MESSAGES } from './messages';

/** Keys are paths such as `types/draft.published/title`: type names contain dots, so `/` separates. */
export const KEY_SEPARATOR = '/';

/**
 * One instance for the process, initialised synchronously from in-memory resources (no
 * backend): rendering runs per language per notification, and i18next-icu keeps every parsed
 * message, so only the first use of a text pays for parsing it.
 */
function createNotificationI18n(): I18n {
  const instance = createInstance();
  const resources = Object.fromEntries(
    NOTIFICATION_LANGUAGES.map((lang) => [lang, { translation: MESSAGES[lang] as unknown as Record<string, unknown> }]),
  );
  void instance.use(ICU).init({
    initAsync: false,
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...NOTIFICATION_LANGUAGES],
    keySeparator: KEY_SEPARATOR,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

export const notificationI18n: I18n = createNotificationI18n();
