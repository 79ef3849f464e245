import { NOTIFICATION_LANGUAGES, NOTIFICATION_TYPES, type ConsultationRef } from '../notification.types';
import { GCA } from '../content/notification-content.fixtures';
import { reminderContent } from '../content/reminder-content';
import { renderNotification, resolveLanguage } from './render';
import { sampleContents } from './sample-contents.testing';

const SAMPLES = sampleContents();
const opened = SAMPLES.find((content) => content.type === 'consultation.opened')!;

describe('renderNotification: every type in every language', () => {
  it('has a sample of every notification type', () => {
    expect([...new Set(SAMPLES.map((content) => content.type))].sort()).toEqual([...NOTIFICATION_TYPES].sort());
  });

  const cases = NOTIFICATION_LANGUAGES.flatMap((lang) => SAMPLES.map((content, i) => [lang, `${content.type} #${i}`, content] as const));
  it.each(cases)('renders %s %s with every placeholder filled', (lang, _name, content) => {
    const rendered = renderNotification(content, lang, GCA);
    const text = `${rendered.title}\n${rendered.body}`;
    expect(rendered.language).toBe(lang);
    expect(rendered.title.length).toBeGreaterThan(GCA.title.en.length / 2);
    expect(text).not.toMatch(/[{}]/);
    expect(text).not.toMatch(/types\/|\bnull\b|undefined|NaN|Invalid DateTime/);
  });

  it('writes a different text in each language', () => {
    const bodies = NOTIFICATION_LANGUAGES.map((lang) => renderNotification(opened, lang, GCA).body);
    expect(new Set(bodies).size).toBe(NOTIFICATION_LANGUAGES.length);
  });
});

describe('renderNotification: language and title', () => {
  it('falls back to English for a language without texts', () => {
    const de = renderNotification(opened, 'de', GCA);
    expect(de).toEqual({ ...renderNotification(opened, 'en', GCA), language: 'en' });
  });

  it.each([['fr-CH', 'fr'], ['ZH_cn', 'zh'], ['', 'en'], ['xx', 'en']])('reads %s as %s', (requested, expected) => {
    expect(resolveLanguage(requested)).toBe(expected);
  });

  it('uses the consultation title in the reader’s language, else English, else the first given', () => {
    expect(renderNotification(opened, 'ar', GCA).title).toContain('المبادئ التوجيهية');
    expect(renderNotification(opened, 'es', GCA).title).toContain('Guidelines for the Global Cybersecurity Agenda');
    const frenchOnly: ConsultationRef = { ...GCA, title: { fr: 'Lignes directrices' } };
    expect(renderNotification(opened, 'ru', frenchOnly).title).toContain('Lignes directrices');
  });

  it('names a phase in the reader’s language when the launch gave that title', () => {
    const content = reminderContent({
      targetKind: 'phase-ends', targetKey: 'deadline', targetTitle: { en: 'Deadline', ar: 'الموعد النهائي' },
      targetAt: '2019-02-10T23:59:59+01:00', offset: 'P1D', late: false,
    });
    expect(renderNotification(content, 'ar', GCA).body).toContain('الموعد النهائي');
    expect(renderNotification(content, 'fr', GCA).body).toContain('Deadline');
  });

  it('addresses a launch notice to the eligible groups in the reader’s words', () => {
    const launched = SAMPLES.find((content) => content.type === 'consultation.launched')!;
    expect(renderNotification(launched, 'en', GCA).body).toMatch(/^To: Member States, Sector Members, Associates and Academia\n/);
    expect(renderNotification(launched, 'fr', GCA).body).toContain('États Membres');
    expect(renderNotification(launched, 'en', GCA).body).toContain('CL-19/47');
  });

  it('says how a meeting will be held in the reader’s words', () => {
    const scheduled = SAMPLES.find((content) => content.type === 'meeting.scheduled')!;
    expect(renderNotification(scheduled, 'en', GCA).body).toContain('held online');
    expect(renderNotification(scheduled, 'fr', GCA).body).toContain('en ligne');
  });
});

describe('renderNotification: the Council decision', () => {
  const decided = (outcome: string) => ({ type: 'council.decided' as const, params: { session: 'C20', outcome, mode: 'session', reference: null, recordedAt: '2020-06-19T17:00:00+02:00' } });

  it.each([
    ['approved', 'approved the outcome'], ['further-consultation', 'requires further consultation'], ['deferred', 'deferred its decision'],
  ])('tells %s apart', (outcome, words) => {
    expect(renderNotification(decided(outcome), 'en', GCA).body).toContain(words);
  });
});
