import { Webhook } from 'standardwebhooks';
import { Channel, type DeliveryOutcome, type OutgoingNotification } from '../channel';
import { parseRetryAfter } from './retry-after';
import { webhookPayload } from './webhook-payload';
import { postWebhook, type WebhookResponse } from './webhook-request';
import { webhookSecret } from './webhook-secret';
import { assertWebhookTarget, WebhookTargetRefused, type VettedTarget, type WebhookTargetPolicy } from './webhook-target';

/** What the webhook channel needs: the master secret, the target policy, and optionally a timeout and a clock. */
export interface WebhookChannelOptions extends WebhookTargetPolicy {
  /** CONSULT_WEBHOOK_SECRET, from which each subscription's secret is derived. */
  masterSecret: string | undefined;
  /** How long a receiver has to answer; 10 s unless a test wants less. */
  timeoutMs?: number;
  /** The time a try is signed with (`webhook-timestamp`) and `Retry-After` dates are read against. */
  now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Delivers notifications as Standard Webhooks v1: a signed POST, the same `webhook-id` on every retry. */
export class WebhookChannel extends Channel {
  readonly name = 'webhook' as const;
  private readonly now: () => Date;

  constructor(private readonly options: WebhookChannelOptions) {
    super();
    this.now = options.now ?? (() => new Date());
  }

  async deliver(notification: OutgoingNotification): Promise<DeliveryOutcome> {
    let target: VettedTarget;
    try {
      target = await assertWebhookTarget(notification.subscription.address, this.options);
    } catch (error) {
      if (!(error instanceof WebhookTargetRefused)) throw error;
      return error.transient ? { status: 'retry', error: error.message } : { status: 'failed-permanently', error: error.message };
    }
    if (!this.options.masterSecret) return { status: 'retry', error: 'CONSULT_WEBHOOK_SECRET is not set' };
    const body = JSON.stringify(webhookPayload(notification));
    try {
      const response = await postWebhook(target, body, this.signedHeaders(notification, body), this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      return this.outcomeOf(response);
    } catch (error) {
      return { status: 'retry', error: (error as Error).message || String(error) };
    }
  }

  /** `webhook-id` is the delivery's id, so a receiver can drop a retry of what it already has. */
  private signedHeaders(notification: OutgoingNotification, body: string): Record<string, string> {
    const sentAt = this.now();
    const secret = webhookSecret(this.options.masterSecret, notification.subscription.id);
    return {
      'webhook-id': notification.deliveryId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(notification.deliveryId, sentAt, body),
    };
  }

  private outcomeOf({ status, retryAfter }: WebhookResponse): DeliveryOutcome {
    if (status >= 200 && status < 300) return { status: 'accepted' };
    // Standard Webhooks: 410 Gone means the receiver wants no more.
    if (status === 410) return { status: 'failed-permanently', error: 'HTTP 410: the receiver asked to stop' };
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(retryAfter, this.now()) : undefined;
    return { status: 'retry', error: `HTTP ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
}
