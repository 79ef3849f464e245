import { postWebhook, WebhookTimedOut } from '../../libs/notifications/src/channels/webhook/webhook-request';
import type { VettedTarget } from '../../libs/notifications/src/channels/webhook/webhook-target';
import { WebhookReceiver } from './webhook-receiver';

const HEADERS = ['webhook-id', 'msg_1', 'webhook-timestamp', '1740830400', 'webhook-signature', 'v1,c2lnbmF0dXJl'];
const unchecked = (url: string): VettedTarget => ({ url: new URL(url), addresses: null });

describe('postWebhook: one signed POST over kept connections (undici), against a plain node:http receiver', () => {
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
  });
  afterEach(() => receiver.stop());

  it('sends the body and the headers as given, with the content type and the user agent, to the path and query', async () => {
    const answer = await postWebhook(unchecked(`${receiver.url()}?tenant=a`), '{"type":"t"}', HEADERS, 5_000);
    expect(answer).toEqual({ status: 204 });
    expect(receiver.received).toHaveLength(1);
    const [{ headers, body }] = receiver.received;
    expect(body).toBe('{"type":"t"}');
    expect(headers).toMatchObject({
      'webhook-id': 'msg_1', 'webhook-timestamp': '1740830400', 'webhook-signature': 'v1,c2lnbmF0dXJl',
      'content-type': 'application/json', 'user-agent': 'consult-webhooks/1', 'content-length': '12', host: `127.0.0.1:${receiver.port}`,
    });
  });

  it('connects to the vetted addresses, not to what the name resolves to now (a name that does not resolve at all)', async () => {
    const target: VettedTarget = { url: new URL(`http://receiver.invalid:${receiver.port}/hooks/consult`), addresses: [{ address: '127.0.0.1', family: 4 }] };
    await expect(postWebhook(target, '{}', HEADERS, 5_000)).resolves.toEqual({ status: 204 });
    expect(receiver.received[0].headers.host).toBe(`receiver.invalid:${receiver.port}`);
    // The same name unvetted goes to DNS, which knows nothing of it.
    await expect(postWebhook(unchecked(`http://receiver.invalid:${receiver.port}/hooks/consult`), '{}', HEADERS, 5_000)).rejects.toThrow(/ENOTFOUND|EAI_AGAIN/);
    expect(receiver.received).toHaveLength(1);
  });

  it('gives Retry-After with the status, and settles on a long answer without reading it all (the next try still goes through)', async () => {
    receiver.answerWith({ status: 429, headers: { 'retry-after': '120' }, body: 'x'.repeat(1024 * 1024) });
    await expect(postWebhook(unchecked(receiver.url()), '{}', HEADERS, 5_000)).resolves.toEqual({ status: 429, retryAfter: '120' });
    await expect(postWebhook(unchecked(receiver.url()), '{}', HEADERS, 5_000)).resolves.toEqual({ status: 204 });
    expect(receiver.received).toHaveLength(2);
  });

  it('rejects with WebhookTimedOut when no status line comes in time, and keeps no hold on the receiver', async () => {
    receiver.answerWith('hang');
    const started = Date.now();
    const failure = await postWebhook(unchecked(receiver.url()), '{}', HEADERS, 250).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WebhookTimedOut);
    expect((failure as Error).message).toBe('no answer within 0.25 s');
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(postWebhook(unchecked(receiver.url()), '{}', HEADERS, 5_000)).resolves.toEqual({ status: 204 });
  });

  it('rejects when nothing listens', async () => {
    const url = receiver.url();
    await receiver.stop();
    await expect(postWebhook(unchecked(url), '{}', HEADERS, 5_000)).rejects.toThrow(/ECONNREFUSED/);
    receiver = await new WebhookReceiver().start();
  });
});
