import { Formatter } from './format';
import { chooseLanguage, languageFromAccept, languageFromCookie } from './languages';
import { PageInputError, parseListInput } from './page-input';

describe('the reader\'s language', () => {
  it('takes a valid ?lang= first, then the cookie, then Accept-Language by weight, then English', () => {
    expect(chooseLanguage('ru', 'consult_lang=ar', 'fr')).toBe('ru');
    expect(chooseLanguage('xx', 'a=1; consult_lang=ar', 'fr')).toBe('ar');
    expect(chooseLanguage(undefined, 'consult_lang=de', 'de-CH, zh-Hans;q=0.4, es;q=0.9')).toBe('es');
    expect(chooseLanguage(undefined, undefined, 'de, it;q=0.8')).toBe('en');
  });

  it('ignores a language refused with q=0 and a cookie naming another language', () => {
    expect(languageFromAccept('fr;q=0, en;q=0.1')).toBe('en');
    expect(languageFromCookie('consult_lang=<script>')).toBeUndefined();
  });
});

describe('formatting for a reader', () => {
  const now = new Date('2023-02-02T10:00:00Z');

  it('writes Arabic dates and counts with Arabic-Indic digits, in the consultation\'s zone', () => {
    const ar = new Formatter('ar', now);
    expect(ar.number(1234)).toBe('١٬٢٣٤');
    expect(ar.date('2020-06-09T07:00:00Z', 'Europe/Zurich').text).toContain('٩');
  });

  it('shows the time in the given zone and counts down in whole units', () => {
    const en = new Formatter('en', now);
    expect(en.date('2023-03-01T14:59:00Z', 'Asia/Tokyo')).toEqual({ iso: '2023-03-01T14:59:00.000Z', text: 'March 1, 2023 at 11:59 PM' });
    expect(en.countdown('2023-02-05T10:00:00Z')).toBe('in 3 days');
    expect(en.countdown('2023-02-02T08:00:00Z')).toBe('2 hours ago');
  });
});

describe('the list page\'s query', () => {
  it('defaults paging and names the first bad field', () => {
    expect(parseListInput({})).toEqual({ lang: undefined, state: undefined, workflow: undefined, q: undefined, limit: 50, offset: 0 });
    expect(() => parseListInput({ limit: '1.5' })).toThrow(new PageInputError('limit', 'wholeNumber', { min: 1, max: 100 }));
    expect(() => parseListInput({ q: ['a', 'b'] })).toThrow(PageInputError);
  });
});
