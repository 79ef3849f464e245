import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a link in a message lets its holder do to one subscription. */
export type SubscriptionTokenPurpose = 'confirm' | 'unsubscribe';

/**
 * The key subscription links are signed with, derived from the JWT secret so that no new
 * secret is needed, yet a link token can never pass for anything the JWT key signs.
 */
export function subscriptionTokenKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('consult/subscription-links/v1').digest();
}

/** The token of a confirm or unsubscribe link: base64url HMAC-SHA256 of `<purpose>:<subscriptionId>`. */
export function subscriptionToken(key: Buffer | string, purpose: SubscriptionTokenPurpose, subscriptionId: string): string {
  return createHmac('sha256', key).update(`${purpose}:${subscriptionId}`).digest('base64url');
}

/** Whether `token` is the one for that purpose and subscription, compared in constant time. */
export function isValidSubscriptionToken(
  key: Buffer | string, purpose: SubscriptionTokenPurpose, subscriptionId: string, token: string | null | undefined,
): boolean {
  if (typeof token !== 'string') return false;
  const expected = Buffer.from(subscriptionToken(key, purpose, subscriptionId), 'utf8');
  const given = Buffer.from(token, 'utf8');
  // timingSafeEqual needs equal lengths; the length of a valid token is public anyway.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
