/** The six languages the pages speak, in the order the language menu lists them. */
export const LANGUAGES = ['ar', 'en', 'es', 'fr', 'ru', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The cookie that remembers a reader's `?lang=` choice. */
export const LANGUAGE_COOKIE = 'consult_lang';

export const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly string[]).includes(value as string);

/** Text direction of a language: Arabic is right-to-left. */
export const directionOf = (lang: Language): 'ltr' | 'rtl' => (lang === 'ar' ? 'rtl' : 'ltr');

/**
 * The Intl locale a language formats with. Arabic asks for Arabic-Indic digits by name:
 * recent ICU data gives plain `ar` Latin digits, while the Arab League's usage (and the
 * UN's Arabic documents) write them in Arabic-Indic.
 */
export const intlLocaleOf = (lang: Language): string => (lang === 'ar' ? 'ar-u-nu-arab' : lang);

/** The language a cookie remembered, if it names one of ours. */
export function languageFromCookie(header: string | undefined): Language | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === LANGUAGE_COOKIE && isLanguage(value)) return value;
  }
  return undefined;
}

/** The first of our languages an Accept-Language header asks for, by weight. */
export function languageFromAccept(header: string | undefined): Language | undefined {
  const ranked = (header ?? '').split(',')
    .map((entry, index) => {
      const [tag, ...params] = entry.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0], weight: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((entry) => entry.lang).find(isLanguage);
}

/** Set-Cookie value remembering a language for a year. */
export const languageCookie = (lang: Language): string => `${LANGUAGE_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`;

/** The reader's language: a valid `?lang=`, else the remembered cookie, else Accept-Language, else English. */
export function chooseLanguage(requested: unknown, cookieHeader?: string, acceptHeader?: string): Language {
  if (isLanguage(requested)) return requested;
  return languageFromCookie(cookieHeader) ?? languageFromAccept(acceptHeader) ?? 'en';
}
