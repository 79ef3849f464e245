import { DomainError } from '@consult/workflows/shared';

/** No such live subscription of the caller's (someone else's reads the same: nothing is revealed). */
export class SubscriptionNotFound extends DomainError {
  readonly code = 'NOTIFICATIONS.SUBSCRIPTION_NOT_FOUND';
  constructor(id: string) {
    super(`subscription ${id} not found`);
  }
}
