import { isValidSubscriptionToken } from '../channels/email/subscription-token';
import { subscriptionPage } from './subscription-pages';
import { SubscriptionNotFound } from './subscription.errors';
import { SubscriptionRepository } from './subscription.repository';

/**
 * The links e-mails carry, followed without a bearer token: the signed token is the proof.
 * A bad token, and an unknown subscription, read as not found (nothing is revealed).
 */
export class SubscriptionLinksService {
  constructor(private readonly repository: SubscriptionRepository, private readonly tokenKey: Buffer, private readonly now: () => Date) {}

  /** `GET .../confirm?token=`: a pending e-mail subscription becomes active (again: no change); an HTML page. */
  async confirm(id: string, token: unknown): Promise<string> {
    const subscription = await this.linked('confirm', id, token);
    if (subscription.removedAt !== null || !(await this.repository.activate(id))) throw new SubscriptionNotFound(id);
    return subscriptionPage({ kind: 'confirmed', language: subscription.language, address: subscription.address });
  }

  /** `GET .../unsubscribe?token=`: a page whose button posts the unsubscribe (a prefetching scanner unsubscribes nobody). */
  async unsubscribePage(id: string, token: unknown): Promise<string> {
    const subscription = await this.linked('unsubscribe', id, token);
    const kind = subscription.removedAt === null ? 'unsubscribe-form' : 'unsubscribed';
    return subscriptionPage({ kind, language: subscription.language, address: subscription.address, token: token as string });
  }

  /** `POST .../unsubscribe?token=` (RFC 8058 one-click, or the page's button): removed, its unsent deliveries cancelled; again: no change. */
  async unsubscribe(id: string, token: unknown): Promise<string> {
    const subscription = await this.linked('unsubscribe', id, token);
    if (subscription.removedAt === null) await this.repository.remove(id, null, this.now().toISOString());
    return subscriptionPage({ kind: 'unsubscribed', language: subscription.language, address: subscription.address });
  }

  private async linked(purpose: 'confirm' | 'unsubscribe', id: string, token: unknown) {
    // The token is checked before the database is asked: a guessed id costs nothing and learns nothing.
    if (typeof token !== 'string' || !isValidSubscriptionToken(this.tokenKey, purpose, id, token)) throw new SubscriptionNotFound(id);
    const subscription = await this.repository.find(id);
    if (!subscription) throw new SubscriptionNotFound(id);
    return subscription;
  }
}
