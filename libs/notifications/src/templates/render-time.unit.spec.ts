import type { ConsultationRef, NotificationContent } from '../notification.types';
import { GCA } from '../content/notification-content.fixtures';
import { reminderContent } from '../content/reminder-content';
import { renderNotification } from './render';

const closingAt = (closesAt: string): NotificationContent => ({
  type: 'consultation.opened', params: { round: 1, closesAt, openedAt: '2020-04-09T10:05:00+02:00' },
});

describe('renderNotification: dates in the consultation’s time zone', () => {
  it('shows 23:59 in Geneva as 23:59, with the zone, whatever offset the instant was stored with', () => {
    const body = renderNotification(closingAt('2020-04-30T21:59:00Z'), 'en', GCA).body;
    expect(body).toContain('until 30 April 2020 at 23:59 (Europe/Zurich, UTC+02:00)');
    expect(body).not.toContain('21:59');
  });

  it('shows the same instant in another consultation’s zone', () => {
    const newYork: ConsultationRef = { ...GCA, timezone: 'America/New_York' };
    expect(renderNotification(closingAt('2020-04-30T21:59:00Z'), 'en', newYork).body).toContain('30 April 2020 at 17:59 (America/New_York, UTC-04:00)');
  });

  it('follows the zone’s winter offset', () => {
    expect(renderNotification(closingAt('2020-01-31T22:59:00Z'), 'en', GCA).body).toContain('31 January 2020 at 23:59 (Europe/Zurich, UTC+01:00)');
  });

  it.each([['fr', '30 avril 2020'], ['es', '30 de abril de 2020'], ['ru', '30 апреля 2020'], ['zh', '2020年4月30日'], ['ar', 'أبريل']])(
    'writes the date in %s words, on a 24-hour clock', (lang, date) => {
      const body = renderNotification(closingAt('2020-04-30T21:59:00Z'), lang, GCA).body;
      expect(body).toContain(date);
      expect(body).toContain('23:59');
    });

  it('falls back to UTC for a zone it does not know rather than failing', () => {
    const nowhere: ConsultationRef = { ...GCA, timezone: 'Mars/Olympus_Mons' };
    expect(renderNotification(closingAt('2020-04-30T21:59:00Z'), 'en', nowhere).body).toContain('21:59 (UTC, UTC+00:00)');
  });
});

describe('renderNotification: reminders', () => {
  const reminder = (offset: string, late: boolean) => reminderContent({
    targetKind: 'consultation-closes', targetKey: 'k', targetTitle: null, targetAt: '2020-04-30T23:59:00+02:00', offset, late,
  });

  it.each([['P7D', 'in 7 days'], ['P1D', 'in 1 day'], ['P1W', 'in 7 days'], ['PT36H', 'in 36 hours'], ['PT1H', 'in 1 hour'], ['PT90M', 'in 90 minutes']])(
    'says how long before for %s', (offset, words) => {
      expect(renderNotification(reminder(offset, false), 'en', GCA).body).toContain(words);
    });

  it('says a late reminder is late, in the title and the body, and not "in N days"', () => {
    const { title, body } = renderNotification(reminder('P1D', true), 'en', GCA);
    expect(title).toMatch(/^Late reminder/);
    expect(body).toContain('is sent late');
    expect(body).not.toContain('in 1 day');
  });

  it.each([['fr', 'en retard'], ['es', 'con retraso'], ['ru', 'с опозданием'], ['zh', '延迟'], ['ar', 'متأخرًا']])(
    'says it is late in %s', (lang, words) => {
      expect(renderNotification(reminder('P1D', true), lang, GCA).body).toContain(words);
      expect(renderNotification(reminder('P1D', false), lang, GCA).body).not.toContain(words);
    });
});
