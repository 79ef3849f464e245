import type { NotificationContent } from '../notification.types';
import { GCA } from '../content/notification-content.fixtures';
import { reminderContent } from '../content/reminder-content';
import { renderNotification } from './render';

const inDays = (days: number) => reminderContent({
  targetKind: 'consultation-closes', targetKey: 'k', targetTitle: null, targetAt: '2020-04-30T23:59:00+02:00', offset: `P${days}D`, late: false,
});
const published = (count: number): NotificationContent => ({
  type: 'contributions.published', params: { count, publishedAt: '2020-05-10T09:00:00+02:00' },
});
const body = (content: NotificationContent, lang: string) => renderNotification(content, lang, GCA).body;

describe('plurals', () => {
  // Arabic has six plural forms: one, two, few (3–10), many (11–99), other (100, 0.5...).
  it.each([[1, 'بعد يوم واحد'], [2, 'بعد يومين'], [3, 'بعد 3 أيام'], [11, 'بعد 11 يومًا'], [100, 'بعد 100 يوم']])(
    'counts %i days in Arabic', (days, words) => {
      expect(body(inDays(days), 'ar')).toContain(words);
    });

  it.each([[1, 'نُشرت مساهمة واحدة'], [2, 'نُشرت مساهمتان'], [3, 'نُشرت 3 مساهمات'], [11, 'نُشرت 11 مساهمة'], [100, 'نُشرت 100 مساهمة']])(
    'counts %i contributions in Arabic', (count, words) => {
      expect(body(published(count), 'ar')).toContain(words);
    });

  it.each([[1, 'через 1 день'], [2, 'через 2 дня'], [5, 'через 5 дней'], [21, 'через 21 день'], [11, 'через 11 дней']])(
    'counts %i days in Russian', (days, words) => {
      expect(body(inDays(days), 'ru')).toContain(words);
    });

  it.each([['en', 1, 'in 1 day'], ['en', 2, 'in 2 days'], ['fr', 1, 'dans 1 jour'], ['fr', 2, 'dans 2 jours'],
    ['es', 1, 'dentro de 1 día'], ['es', 3, 'dentro de 3 días'], ['zh', 3, '还有3天']])('counts in %s: %i', (lang, days, words) => {
    expect(body(inDays(days), lang)).toContain(words);
  });

  it('counts contributions in English', () => {
    expect(body(published(1), 'en')).toContain('1 contribution to the consultation');
    expect(body(published(2), 'en')).toContain('2 contributions to the consultation');
  });
});
