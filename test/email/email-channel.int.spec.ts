import { renderNotification, reminderContent, type ConsultationRef } from '@consult/notifications';
import type { OutgoingNotification } from '../../libs/notifications/src/channels/channel';
import { EmailChannel, isValidSubscriptionToken, subscriptionTokenKey } from '../../libs/notifications/src/channels/email';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

const KEY = subscriptionTokenKey('test-jwt-secret-of-enough-length');
const PUBLIC_URL = 'https://consult.example.org/';
const CONSULTATION: ConsultationRef = {
  id: 'wsis-2020', title: { en: 'Tom & Jerry <b>review</b>', ar: 'مراجعة القمة العالمية' }, reference: 'CL-20/07',
  timezone: 'Europe/Paris', eligibleGroups: ['member-states'],
};
const CLOSES = reminderContent({
  targetKey: 'consultation-closes:round-1', targetKind: 'consultation-closes', targetTitle: 'Round 1 closes',
  targetAt: '2020-04-30T23:59:00+02:00', offset: 'P7D', late: false,
});

/** A delivery of the closing reminder to one e-mail subscription. */
function outgoing(address: string, language = 'en', deliveryId = 'delivery-1'): OutgoingNotification {
  return {
    deliveryId, notificationId: `notification-${deliveryId}`, type: CLOSES.type, consultationId: CONSULTATION.id,
    rendered: renderNotification(CLOSES, language, CONSULTATION),
    subscription: { id: `sub-${deliveryId}`, address, language, channel: 'email' },
    occurredAt: '2020-04-23T23:59:00+02:00',
  };
}

describe('EmailChannel against a real SMTP server', () => {
  let sink: SmtpSink;
  let channel: EmailChannel;

  beforeAll(async () => {
    sink = await startSmtpSink();
    channel = new EmailChannel({ smtpUrl: sink.url, mailFrom: 'Consultations <consult@example.org>', publicUrl: PUBLIC_URL, tokenKey: KEY });
  });
  afterAll(async () => {
    channel.close();
    await sink.close();
  });
  beforeEach(() => sink.received.splice(0));

  it('sends a notice with one-click unsubscribe, filter headers and a stable Message-ID', async () => {
    await expect(channel.deliver(outgoing('ada@example.org'))).resolves.toEqual({ status: 'accepted' });
    const [mail] = sink.received;
    const unsubscribe = 'https://consult.example.org/api/subscriptions/sub-delivery-1/unsubscribe?token=';
    expect(sink.header(mail, 'List-Unsubscribe')).toMatch(new RegExp(`^<${escapeRegExp(unsubscribe)}[A-Za-z0-9_-]{43}>$`));
    const token = sink.header(mail, 'List-Unsubscribe')!.slice(unsubscribe.length + 1, -1);
    expect(isValidSubscriptionToken(KEY, 'unsubscribe', 'sub-delivery-1', token)).toBe(true);
    expect(isValidSubscriptionToken(KEY, 'confirm', 'sub-delivery-1', token)).toBe(false);
    expect(sink.header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(sink.header(mail, 'X-Consult-Notification')).toBe('deadline.reminder');
    expect(sink.header(mail, 'X-Consult-Consultation')).toBe('wsis-2020');
    expect(mail.messageId).toBe('<delivery-1@consult.example.org>');
    expect(mail.from?.value).toEqual([{ name: 'Consultations', address: 'consult@example.org' }]);
    expect(mail.to).toMatchObject({ text: 'ada@example.org' });
  });

  it('writes the same notice as text and as escaped HTML, with the dashboard and unsubscribe links in both', async () => {
    const notice = outgoing('ada@example.org');
    await channel.deliver(notice);
    const [mail] = sink.received;
    expect(mail.subject).toBe(notice.rendered.title);
    expect(mail.subject).toContain('Tom & Jerry <b>review</b>');
    expect(mail.text).toContain(notice.rendered.body);
    expect(mail.text).toContain('Open the consultation: https://consult.example.org/consultations/wsis-2020');
    expect(mail.text).toMatch(/Unsubscribe: https:\/\/consult\.example\.org\/api\/subscriptions\/sub-delivery-1\/unsubscribe\?token=/);
    const html = mail.html as string;
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('Tom &amp; Jerry &lt;b&gt;review&lt;/b&gt;');
    expect(html).not.toContain('<b>review</b>');
    expect(html).toContain('<a href="https://consult.example.org/consultations/wsis-2020">Open the consultation</a>');
    expect(html).toContain('/api/subscriptions/sub-delivery-1/unsubscribe?token=');
  });

  it('lays an Arabic notice out right to left, in Arabic', async () => {
    await channel.deliver(outgoing('ada@example.org', 'ar'));
    const [mail] = sink.received;
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.subject).toContain('مراجعة القمة العالمية');
    expect(mail.text).toContain('إلغاء الاشتراك: https://consult.example.org/api/subscriptions/');
    expect(sink.header(mail, 'Content-Language')).toBe('ar');
  });

  it('turns a permanent refusal (550) into failed-permanently and a temporary one (451) into a retry', async () => {
    sink.refuse('gone@example.org', { responseCode: 550, message: 'No such user' });
    sink.refuse('busy@example.org', { responseCode: 451, message: 'Greylisted, try again later' });
    await expect(channel.deliver(outgoing('gone@example.org'))).resolves.toEqual({ status: 'failed-permanently', error: expect.stringMatching(/550.*No such user/) });
    await expect(channel.deliver(outgoing('busy@example.org'))).resolves.toEqual({ status: 'retry', error: expect.stringMatching(/451.*Greylisted/) });
    expect(sink.received).toEqual([]);
    // The pooled connection survives the refusals.
    await expect(channel.deliver(outgoing('ada@example.org'))).resolves.toEqual({ status: 'accepted' });
  });

  it('retries when the server cannot be reached at all', async () => {
    const closed = await startSmtpSink();
    await closed.close();
    const unreachable = new EmailChannel({ smtpUrl: closed.url, mailFrom: 'consult@example.org', publicUrl: PUBLIC_URL, tokenKey: KEY });
    try {
      await expect(unreachable.deliver(outgoing('ada@example.org'))).resolves.toEqual({ status: 'retry', error: expect.stringMatching(/ECONNREFUSED|connect/i) });
    } finally {
      unreachable.close();
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
