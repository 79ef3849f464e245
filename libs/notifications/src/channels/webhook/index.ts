/** The webhook channel (Standard Webhooks v1): signing secrets, the SSRF guard and the channel itself. */
export * from './webhook-secret';
export { signWebhook, webhookKey } from './webhook-signing';
export * from './webhook-target';
export * from './webhook-payload';
export * from './webhook.channel';
export { blockedAddressReason } from './blocked-addresses';
export { parseRetryAfter } from './retry-after';
