import { subscriptionToken } from './subscription-token';

/** The links messages carry, all under the public URL. */
export interface EmailLinks {
  /** `PUBLIC_URL/api/subscriptions/:id/confirm?token=T` */
  confirm(subscriptionId: string): string;
  /** `PUBLIC_URL/api/subscriptions/:id/unsubscribe?token=T`, also the List-Unsubscribe target. */
  unsubscribe(subscriptionId: string): string;
  /** `PUBLIC_URL/consultations/:id`, the consultation in the dashboard. */
  dashboard(consultationId: string): string;
  /** The host for Message-IDs (`<deliveryId@host>`). */
  readonly host: string;
}

/** Links under `publicUrl` (`CONSULT_PUBLIC_URL`), signed with the subscription-token key. */
export function emailLinks(publicUrl: string, tokenKey: Buffer | string): EmailLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const subscription = (id: string, action: 'confirm' | 'unsubscribe') =>
    `${base}/api/subscriptions/${encodeURIComponent(id)}/${action}?token=${subscriptionToken(tokenKey, action, id)}`;
  return {
    confirm: (id) => subscription(id, 'confirm'),
    unsubscribe: (id) => subscription(id, 'unsubscribe'),
    dashboard: (id) => `${base}/consultations/${encodeURIComponent(id)}`,
    host: new URL(base).hostname,
  };
}
