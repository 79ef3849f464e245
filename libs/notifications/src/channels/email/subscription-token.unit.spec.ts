import { createHmac } from 'node:crypto';
import { isValidSubscriptionToken, subscriptionToken, subscriptionTokenKey } from './subscription-token';

const key = subscriptionTokenKey('a-jwt-secret');

describe('subscription link tokens', () => {
  it('are the base64url HMAC-SHA256 of "<purpose>:<id>" under the key', () => {
    const expected = createHmac('sha256', key).update('unsubscribe:sub-1').digest('base64url');
    expect(subscriptionToken(key, 'unsubscribe', 'sub-1')).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('derive their key from the JWT secret without being the secret itself', () => {
    expect(subscriptionTokenKey('a-jwt-secret')).toEqual(key);
    expect(subscriptionTokenKey('another-secret')).not.toEqual(key);
    expect(subscriptionToken(key, 'confirm', 'sub-1')).not.toBe(subscriptionToken('a-jwt-secret', 'confirm', 'sub-1'));
  });

  it('check only for the purpose, the subscription and the key they were made for', () => {
    const token = subscriptionToken(key, 'confirm', 'sub-1');
    expect(isValidSubscriptionToken(key, 'confirm', 'sub-1', token)).toBe(true);
    expect(isValidSubscriptionToken(key, 'unsubscribe', 'sub-1', token)).toBe(false);
    expect(isValidSubscriptionToken(key, 'confirm', 'sub-2', token)).toBe(false);
    expect(isValidSubscriptionToken(subscriptionTokenKey('other'), 'confirm', 'sub-1', token)).toBe(false);
  });

  it('refuse a missing, truncated or extended token without throwing', () => {
    const token = subscriptionToken(key, 'confirm', 'sub-1');
    for (const wrong of [undefined, null, '', token.slice(1), `${token}A`, 'é'.repeat(43)]) {
      expect(isValidSubscriptionToken(key, 'confirm', 'sub-1', wrong)).toBe(false);
    }
  });
});
