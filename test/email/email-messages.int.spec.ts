import { renderNotification, reminderContent, type ConsultationRef, type NotificationContent } from '@consult/notifications';
import { EmailChannel, isValidSubscriptionToken, subscriptionTokenKey, type DigestItem } from '../../libs/notifications/src/channels/email';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

const KEY = subscriptionTokenKey('test-jwt-secret-of-enough-length');
const CONSULTATION: ConsultationRef = { id: 'gca-7', title: { en: 'Budget review' }, timezone: 'Europe/Paris', eligibleGroups: [] };
const OTHER: ConsultationRef = { ...CONSULTATION, id: 'gca-8', title: { en: 'Rules of procedure' } };
const reminder = (offset: string): NotificationContent => reminderContent({
  targetKey: 'consultation-closes:round-1', targetKind: 'consultation-closes', targetTitle: 'Round 1 closes',
  targetAt: '2020-04-30T23:59:00+02:00', offset, late: false,
});
const withdrawn: NotificationContent = { type: 'consultation.withdrawn', params: { reason: 'Superseded' } };

/** A digest line for a content of a consultation, in English. */
function item(content: NotificationContent, consultation: ConsultationRef): DigestItem {
  return { type: content.type, consultationId: consultation.id, rendered: renderNotification(content, 'en', consultation), occurredAt: '2020-04-23T08:00:00Z' };
}

describe('E-mail confirmation and digest messages, sent to a real SMTP server', () => {
  let sink: SmtpSink;
  let channel: EmailChannel;

  beforeAll(async () => {
    sink = await startSmtpSink();
    channel = new EmailChannel({ smtpUrl: sink.url, mailFrom: 'consult@example.org', publicUrl: 'http://localhost:3000', tokenKey: KEY });
  });
  afterAll(async () => {
    channel.close();
    await sink.close();
  });
  beforeEach(() => sink.received.splice(0));

  it('asks a new subscriber, in their language, to follow a signed confirm link, offering no unsubscribe yet', async () => {
    await expect(channel.sendConfirmation({ id: 'sub-1', address: 'ada@example.org', language: 'fr-CH' })).resolves.toEqual({ status: 'accepted' });
    const [mail] = sink.received;
    expect(mail.subject).toBe('Confirmez votre abonnement aux avis de consultation');
    const link = /http:\/\/localhost:3000\/api\/subscriptions\/sub-1\/confirm\?token=([A-Za-z0-9_-]+)/.exec(mail.text as string);
    expect(link).not.toBeNull();
    expect(isValidSubscriptionToken(KEY, 'confirm', 'sub-1', link![1])).toBe(true);
    expect(isValidSubscriptionToken(KEY, 'confirm', 'sub-2', link![1])).toBe(false);
    expect(mail.html).toContain('<html lang="fr" dir="ltr">');
    expect(mail.html).toContain(`<a href="${link![0]}">Confirmer l’abonnement</a>`);
    expect(sink.header(mail, 'List-Unsubscribe')).toBeUndefined();
  });

  it('writes the confirmation right to left in Arabic', async () => {
    await channel.sendConfirmation({ id: 'sub-ar', address: 'ada@example.org', language: 'ar' });
    const [mail] = sink.received;
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.subject).toBe('أكّد اشتراكك في إشعارات المشاورات');
  });

  it('gathers a day’s notices in one message, each with its consultation link, the filter headers listing them all', async () => {
    const items = [item(reminder('P7D'), CONSULTATION), item(reminder('P1D'), CONSULTATION), item(withdrawn, OTHER)];
    await expect(channel.sendDigest({ id: 'sub-3', address: 'ada@example.org', language: 'en' }, items, 'sub-3.2020-04-23'))
      .resolves.toEqual({ status: 'accepted' });
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail.subject).toBe('Daily digest of consultation notices (3)');
    expect(mail.messageId).toBe('<digest.sub-3.2020-04-23@localhost>');
    for (const { rendered } of items) {
      expect(mail.text).toContain(rendered.body);
      expect(mail.html).toContain(`<h2>${rendered.title}</h2>`);
    }
    expect(mail.text).toContain('http://localhost:3000/consultations/gca-8');
    expect(sink.header(mail, 'X-Consult-Notification')).toBe('deadline.reminder, consultation.withdrawn');
    expect(sink.header(mail, 'X-Consult-Consultation')).toBe('gca-7, gca-8');
    expect(sink.header(mail, 'List-Unsubscribe')).toMatch(/^<http:\/\/localhost:3000\/api\/subscriptions\/sub-3\/unsubscribe\?token=[A-Za-z0-9_-]+>$/);
    expect(sink.header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  });
});
