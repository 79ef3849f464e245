import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { WebhookSecretMissing, webhookSecret } from '../../libs/notifications/src/channels/webhook';

describe('webhook secrets and signatures', () => {
  it('derives whsec_<base64 of HMAC-SHA256(master, subscription id)>, 32 bytes', () => {
    const secret = webhookSecret('master-secret', 'sub-1');
    const expected = createHmac('sha256', 'master-secret').update('sub-1').digest('base64');
    expect(secret).toBe(`whsec_${expected}`);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
  });

  it('gives every subscription its own secret, and the same one every time', () => {
    expect(webhookSecret('master', 'sub-1')).toBe(webhookSecret('master', 'sub-1'));
    expect(webhookSecret('master', 'sub-1')).not.toBe(webhookSecret('master', 'sub-2'));
    expect(webhookSecret('master', 'sub-1')).not.toBe(webhookSecret('other master', 'sub-1'));
  });

  it('refuses to derive a secret without CONSULT_WEBHOOK_SECRET', () => {
    expect(() => webhookSecret(undefined, 'sub-1')).toThrow(WebhookSecretMissing);
    expect(() => webhookSecret('', 'sub-1')).toThrow(WebhookSecretMissing);
  });

  // The Standard Webhooks reference vector (standard-webhooks/standard-webhooks, libraries' tests).
  it('signs as the Standard Webhooks test vector says', () => {
    const webhook = new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    const signature = webhook.sign('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), '{"test": 2432232314}');
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs with a derived secret as node:crypto computes it independently', () => {
    const secret = webhookSecret('master', 'sub-1');
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update('d-1.1700000000.{"a":1}').digest('base64');
    expect(new Webhook(secret).sign('d-1', new Date(1700000000_500), '{"a":1}')).toBe(`v1,${expected}`);
  });
});
