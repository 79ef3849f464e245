import type { OutgoingNotification } from '../../libs/notifications/src/channels/channel';
import { WebhookChannel, type WebhookChannelOptions, webhookSecret } from '../../libs/notifications/src/channels/webhook';
import { WebhookReceiver, signatureIsValid } from './webhook-receiver';

const MASTER = 'test-master-secret';
const T0 = new Date('2025-03-01T12:00:00.750Z');

function notification(address: string, deliveryId = 'delivery-1'): OutgoingNotification {
  return {
    deliveryId, notificationId: 'notification-1', type: 'deadline.changed', consultationId: 'consultation-1',
    rendered: { title: 'Deadline moved', body: 'The deadline is now 3 March 2025, 18:00 (Europe/Paris).', language: 'en' },
    subscription: { id: 'subscription-1', address, language: 'en-GB', channel: 'webhook' },
    occurredAt: '2025-03-01T11:59:00.000Z',
  };
}

describe('webhook channel against a plain node:http receiver', () => {
  let receiver: WebhookReceiver;
  let now: Date;
  const channel = (options: Partial<WebhookChannelOptions> = {}) =>
    new WebhookChannel({ masterSecret: MASTER, production: false, now: () => now, ...options });

  beforeEach(async () => {
    now = T0;
    receiver = await new WebhookReceiver().start();
  });
  afterEach(() => receiver.stop());

  it('POSTs {type, timestamp, data} signed with the subscription secret, verifiable with node:crypto', async () => {
    await expect(channel().deliver(notification(receiver.url()))).resolves.toEqual({ status: 'accepted' });
    const [request] = receiver.received;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-id']).toBe('delivery-1');
    expect(request.headers['webhook-timestamp']).toBe(String(Math.floor(T0.getTime() / 1000)));
    expect(signatureIsValid(request, MASTER, 'subscription-1')).toBe(true);
    expect(signatureIsValid(request, MASTER, 'subscription-2')).toBe(false);
    expect(JSON.parse(request.body)).toEqual({
      type: 'deadline.changed', timestamp: '2025-03-01T11:59:00.000Z',
      data: {
        consultationId: 'consultation-1', notificationId: 'notification-1', title: 'Deadline moved',
        body: 'The deadline is now 3 March 2025, 18:00 (Europe/Paris).', language: 'en', occurredAt: '2025-03-01T11:59:00.000Z',
      },
    });
  });

  it('signs with the secret the subscription was given (whsec_, as standard libraries read it)', async () => {
    await channel().deliver(notification(receiver.url()));
    const { Webhook } = await import('standardwebhooks');
    const [request] = receiver.received;
    const verifier = new Webhook(webhookSecret(MASTER, 'subscription-1'));
    // The library checks the timestamp against the real clock; this test's clock is fixed in 2025.
    const signed = verifier.sign(String(request.headers['webhook-id']), T0, request.body);
    expect(request.headers['webhook-signature']).toBe(signed);
  });

  it('keeps the same webhook-id on every retry, each try signed at its own time', async () => {
    receiver.answerWith({ status: 500 });
    const webhook = channel();
    await expect(webhook.deliver(notification(receiver.url()))).resolves.toMatchObject({ status: 'retry', error: 'HTTP 500' });
    now = new Date(T0.getTime() + 5_000);
    await expect(webhook.deliver(notification(receiver.url()))).resolves.toEqual({ status: 'accepted' });
    const [first, second] = receiver.received;
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(Number(second.headers['webhook-timestamp']) - Number(first.headers['webhook-timestamp'])).toBe(5);
    expect(second.body).toBe(first.body);
    expect([first, second].every((request) => signatureIsValid(request, MASTER, 'subscription-1'))).toBe(true);
  });

  it('stops for good on 410 Gone: the receiver asked for no more', async () => {
    receiver.answerWith({ status: 410 });
    await expect(channel().deliver(notification(receiver.url()))).resolves.toMatchObject({ status: 'failed-permanently' });
  });

  it('honours Retry-After in seconds on 429', async () => {
    receiver.answerWith({ status: 429, headers: { 'retry-after': '120' } });
    await expect(channel().deliver(notification(receiver.url()))).resolves.toEqual({ status: 'retry', error: 'HTTP 429', retryAfterMs: 120_000 });
  });

  it('honours Retry-After as an HTTP date on 503', async () => {
    // T0 is 12:00:00.750 on the engine's clock: 12:01:31 is 90.25 s later.
    receiver.answerWith({ status: 503, headers: { 'retry-after': 'Sat, 01 Mar 2025 12:01:31 GMT' } });
    await expect(channel().deliver(notification(receiver.url()))).resolves.toEqual({ status: 'retry', error: 'HTTP 503', retryAfterMs: 90_250 });
  });

  it('does not follow a redirect: a 3xx is retried, and only one request is made', async () => {
    receiver.answerWith({ status: 302, headers: { location: receiver.url() } });
    await expect(channel().deliver(notification(receiver.url()))).resolves.toMatchObject({ status: 'retry', error: 'HTTP 302' });
    expect(receiver.received).toHaveLength(1);
  });

  it('retries when the receiver does not answer in time', async () => {
    receiver.answerWith('hang');
    const outcome = await channel({ timeoutMs: 300 }).deliver(notification(receiver.url()));
    expect(outcome).toMatchObject({ status: 'retry', error: expect.stringContaining('no answer within 0.3 s') });
  });

  it('retries when nothing listens', async () => {
    const address = receiver.url();
    await receiver.stop();
    await expect(channel().deliver(notification(address))).resolves.toMatchObject({ status: 'retry' });
    receiver = await new WebhookReceiver().start();
  });

  it('retries, without calling, while CONSULT_WEBHOOK_SECRET is missing', async () => {
    await expect(channel({ masterSecret: undefined }).deliver(notification(receiver.url()))).resolves.toMatchObject({ status: 'retry' });
    expect(receiver.received).toHaveLength(0);
  });

  it.each(['127.0.0.1', 'localhost'])('refuses %s for good in production, without calling it', async (host) => {
    const outcome = await channel({ production: true }).deliver(notification(receiver.url(host)));
    expect(outcome).toMatchObject({ status: 'failed-permanently', error: expect.stringContaining('loopback') });
    expect(receiver.received).toHaveLength(0);
  });

  it.each(['127.0.0.1', 'localhost'])('delivers to %s in production when CONSULT_WEBHOOK_ALLOWED_HOSTS lists it', async (host) => {
    const outcome = await channel({ production: true, allowedHosts: `hooks.example, ${host}` }).deliver(notification(receiver.url(host)));
    expect(outcome).toEqual({ status: 'accepted' });
    expect(receiver.received).toHaveLength(1);
  });
});
