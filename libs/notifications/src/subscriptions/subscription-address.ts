import { isEmail } from 'class-validator';
import type { SubscriptionChannel } from '../notification.types';

/** Why `address` cannot be reached by `channel`, or undefined when it can. */
export function addressProblem(channel: SubscriptionChannel, address: string): string | undefined {
  if (channel === 'email') return isEmail(address) ? undefined : 'must be an e-mail address for the email channel';
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'must be an http(s) URL for the webhook channel';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL for the webhook channel';
  if (url.username || url.password) return 'must not carry credentials';
  return undefined;
}
