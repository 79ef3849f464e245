import { createHmac } from 'node:crypto';
import { DomainError } from '@consult/workflows/shared';

/** Webhooks cannot be signed: CONSULT_WEBHOOK_SECRET is not set (a configuration fault, HTTP 500). */
export class WebhookSecretMissing extends DomainError {
  readonly code = 'NOTIFICATIONS.WEBHOOK_SECRET_MISSING';
  constructor() {
    super('CONSULT_WEBHOOK_SECRET is not set: webhook subscriptions cannot be signed');
  }
}

/**
 * A webhook subscription's signing secret in the Standard Webhooks form `whsec_<base64>`:
 * HMAC-SHA256 of its id under the master secret (32 bytes). Derived, so it is never stored;
 * it is shown once, in the 201 of the subscription, and recomputed for every delivery.
 */
export function webhookSecret(masterSecret: string | undefined, subscriptionId: string): string {
  if (!masterSecret) throw new WebhookSecretMissing();
  return `whsec_${createHmac('sha256', masterSecret).update(subscriptionId, 'utf8').digest('base64')}`;
}

/**
 * The master secret webhook secrets derive from: CONSULT_WEBHOOK_SECRET, or, when it is unset,
 * one derived from the JWT secret (kept by the engine already), so a webhook subscription never
 * fails for want of configuration. The subscriptions service and the channel must both use it.
 */
export function webhookMasterSecret(webhookSecretSetting: string | undefined, jwtSecret: string): string {
  return webhookSecretSetting ?? createHmac('sha256', jwtSecret).update('consult/webhook-master/v1').digest('base64url');
}
