import { Channel, type DeliveryOutcome, type OutgoingNotification } from '../channel';
import { parseRetryAfter } from './retry-after';
import { WebhookBodies } from './webhook-payload';
import { postWebhook, type WebhookResponse } from './webhook-request';
import { signWebhook, WebhookKeys } from './webhook-signing';
import { WebhookTargetRefused, type VettedTarget, type WebhookTargetPolicy } from './webhook-target';
import { VettedTargets } from './webhook-target-cache';

/** What the webhook channel needs: the master secret, the target policy, and optionally a timeout and a clock. */
export interface WebhookChannelOptions extends WebhookTargetPolicy {
  /** CONSULT_WEBHOOK_SECRET, from which each subscription's secret is derived. */
  masterSecret: string | undefined;
  /** How long a receiver has to answer; 10 s unless a test wants less. */
  timeoutMs?: number;
  /** The time a try is signed with (`webhook-timestamp`) and `Retry-After` dates are read against. */
  now?: () => Date;
  /** How long the SSRF guard's verdict on an address is kept (real time); 60 s unless a test wants 0 (checked before every try). */
  vettingTtlMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_VETTING_TTL_MS = 60_000;

/** Delivers notifications as Standard Webhooks v1: a signed POST, the same `webhook-id` on every retry. */
export class WebhookChannel extends Channel {
  readonly name = 'webhook' as const;
  private readonly now: () => Date;
  private readonly targets: VettedTargets;
  private readonly keys: WebhookKeys | undefined;
  private readonly bodies = new WebhookBodies();

  constructor(private readonly options: WebhookChannelOptions) {
    super();
    this.now = options.now ?? (() => new Date());
    this.targets = new VettedTargets(options, options.vettingTtlMs ?? DEFAULT_VETTING_TTL_MS);
    this.keys = options.masterSecret ? new WebhookKeys(options.masterSecret) : undefined;
  }

  async deliver(notification: OutgoingNotification): Promise<DeliveryOutcome> {
    let target: VettedTarget;
    try {
      target = this.targets.still(notification.subscription.address) ?? await this.targets.vet(notification.subscription.address);
    } catch (error) {
      if (!(error instanceof WebhookTargetRefused)) throw error;
      return error.transient ? { status: 'retry', error: error.message } : { status: 'failed-permanently', error: error.message };
    }
    if (!this.keys) return { status: 'retry', error: 'CONSULT_WEBHOOK_SECRET is not set' };
    const body = this.bodies.bodyOf(notification);
    try {
      const response = await postWebhook(target, body, this.signedHeaders(this.keys, notification, body), this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      return this.outcomeOf(response);
    } catch (error) {
      return { status: 'retry', error: (error as Error).message || String(error) };
    }
  }

  /** `webhook-id` is the delivery's id, so a receiver can drop a retry of what it already has. As a raw list (name, value, ...). */
  private signedHeaders(keys: WebhookKeys, notification: OutgoingNotification, body: string): string[] {
    const timestamp = Math.floor(this.now().getTime() / 1000);
    return [
      'webhook-id', notification.deliveryId,
      'webhook-timestamp', String(timestamp),
      'webhook-signature', signWebhook(keys.keyOf(notification.subscription.id), notification.deliveryId, timestamp, body),
    ];
  }

  private outcomeOf({ status, retryAfter }: WebhookResponse): DeliveryOutcome {
    if (status >= 200 && status < 300) return { status: 'accepted' };
    // Standard Webhooks: 410 Gone means the receiver wants no more.
    if (status === 410) return { status: 'failed-permanently', error: 'HTTP 410: the receiver asked to stop' };
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(retryAfter, this.now()) : undefined;
    return { status: 'retry', error: `HTTP ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
}
