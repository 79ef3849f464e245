import { createHmac } from 'node:crypto';
import { webhookSecret } from './webhook-secret';

/**
 * The Standard Webhooks v1 signature of one message: `v1,` and the base64 HMAC-SHA256, under
 * the secret's key bytes, of `<id>.<timestamp>.<body>`. What `standardwebhooks`' `Webhook.sign`
 * computes (checked against its reference vector), with node:crypto rather than its JavaScript
 * SHA-256, which costs about five times as much a message.
 */
export function signWebhook(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.`).update(body).digest('base64')}`;
}

/** The key bytes of a `whsec_<base64>` secret. */
export function webhookKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** Subscriptions whose keys are kept derived (the oldest let go first). */
const KEYS_KEPT = 10_000;

/**
 * Each subscription's signing key, derived from the master secret once and kept: one reminder
 * to 10,000 webhooks would otherwise derive 10,000 keys on every send (an HMAC each).
 */
export class WebhookKeys {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly masterSecret: string) {}

  keyOf(subscriptionId: string): Buffer {
    let key = this.keys.get(subscriptionId);
    if (!key) {
      key = webhookKey(webhookSecret(this.masterSecret, subscriptionId));
      this.keys.set(subscriptionId, key);
      if (this.keys.size > KEYS_KEPT) this.keys.delete(this.keys.keys().next().value!);
    }
    return key;
  }
}
