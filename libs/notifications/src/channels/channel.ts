import type { NotificationType, RenderedNotification, SubscriptionChannel } from '../notification.types';

/** The subscription a delivery goes to, as a channel needs it. */
export interface DeliveryTarget {
  id: string;
  /** An e-mail address or a webhook URL. */
  address: string;
  /** The language tag the subscriber asked for (the rendered text is already in it). */
  language: string;
  channel: SubscriptionChannel;
}

/** One outbox row made ready to send: the notification's words and where they go. */
export interface OutgoingNotification {
  /** The `notification_delivery` id: the same on every retry (webhook-id, Message-ID). */
  deliveryId: string;
  notificationId: string;
  type: NotificationType;
  consultationId: string;
  rendered: RenderedNotification;
  subscription: DeliveryTarget;
  /** When what it reports happened (ISO 8601). */
  occurredAt: string;
}

/**
 * What became of one attempt: accepted by the peer, worth another try later (the dispatcher
 * backs off, at least `retryAfterMs` when given), or refused for good (the row goes `dead`).
 */
export type DeliveryOutcome =
  | { status: 'accepted' }
  | { status: 'retry'; error: string; retryAfterMs?: number }
  | { status: 'failed-permanently'; error: string };

/** A delivery channel (port): sends one notification and says how it went, never throwing for a peer's refusal. */
export abstract class Channel {
  abstract readonly name: SubscriptionChannel;
  abstract deliver(notification: OutgoingNotification): Promise<DeliveryOutcome>;
}
