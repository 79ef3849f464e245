import type { SubscriptionView } from './subscription.dto';

/** A subscription as stored: what the API shows, with its owner and bookkeeping. */
export interface SubscriptionRecord extends SubscriptionView {
  ownerSub: string;
  ownerRole: string;
  ownerGroup: string | null;
  ownerOrg: string | null;
  fromPosition: number;
  idempotencyKey: string | null;
  requestHash: string | null;
}

/** One page of a list. */
export interface Page<T> {
  total: number;
  items: T[];
}

/** Where subscriptions are kept (port; the typeorm adapter is in infrastructure/). */
export abstract class SubscriptionRepository {
  /**
   * Stores a subscription (a pending e-mail one with its confirmation message, in the same
   * transaction); when one with the same owner and Idempotency-Key is already stored
   * (a concurrent retry), keeps that one. Returns the one kept.
   */
  abstract add(record: SubscriptionRecord): Promise<SubscriptionRecord>;
  /** The live subscription an owner made with this Idempotency-Key. */
  abstract withIdempotencyKey(ownerSub: string, key: string): Promise<SubscriptionRecord | undefined>;
  /** Live subscriptions, oldest first: of one owner, or of everyone (`ownerSub` null). */
  abstract list(ownerSub: string | null, limit: number, offset: number): Promise<Page<SubscriptionRecord>>;
  /**
   * Ends a live subscription (of that owner, or anyone's when `ownerSub` is null) and cancels its
   * deliveries not yet sent; false when there is none.
   */
  abstract remove(id: string, ownerSub: string | null, removedAt: string): Promise<boolean>;
  /** A subscription, whoever owns it, with when it was removed (null: live). */
  abstract find(id: string): Promise<(SubscriptionRecord & { removedAt: string | null }) | undefined>;
  /** Makes a live pending subscription active (an active one stays so); false when there is no live one. */
  abstract activate(id: string): Promise<boolean>;
}
