import { IntlMessageFormat } from 'intl-messageformat';
import { NOTIFICATION_LANGUAGES } from '../../notification.types';
import { MESSAGES } from './index';

/** Every leaf text, by its path. */
function leaves(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => leaves(child, path ? `${path}/${key}` : key));
}

describe('messages', () => {
  const englishKeys = leaves(MESSAGES.en).map(([path]) => path).sort();

  it.each(NOTIFICATION_LANGUAGES)('has in %s every text English has, and no other', (lang) => {
    expect(leaves(MESSAGES[lang]).map(([path]) => path).sort()).toEqual(englishKeys);
  });

  const texts = NOTIFICATION_LANGUAGES.flatMap((lang) => leaves(MESSAGES[lang]).map(([path, text]) => [lang, path, text] as const));
  it.each(texts)('parses %s %s as ICU MessageFormat', (lang, _path, text) => {
    expect(() => new IntlMessageFormat(text, lang)).not.toThrow();
  });

  it.each(NOTIFICATION_LANGUAGES)('uses no straight apostrophe in %s (ICU would read it as a quote)', (lang) => {
    expect(leaves(MESSAGES[lang]).filter(([, text]) => text.includes("'"))).toEqual([]);
  });
});
