import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A store position: PostgreSQL hands a bigint back as text. */
const position = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * Who wants to hear of what: one consultation, or all (`consultationId` null), by one channel.
 * Engine state in the read-model database: a projection rebuild never empties it.
 */
@Entity('subscription')
@Index('subscription_owner', ['ownerSub', 'createdAt'])
@Index('subscription_idempotency', ['ownerSub', 'idempotencyKey'], { unique: true })
export class SubscriptionRow {
  @PrimaryColumn('varchar', { length: 36 }) id: string;
  @Column('varchar', { length: 200 }) ownerSub: string;
  @Column('varchar', { length: 32 }) ownerRole: string;
  @Column('varchar', { length: 64, nullable: true }) ownerGroup: string | null;
  @Column('varchar', { length: 200, nullable: true }) ownerOrg: string | null;
  @Index() @Column('varchar', { length: 200, nullable: true }) consultationId: string | null;
  @Column('varchar', { length: 16 }) channel: string;
  @Column('varchar', { length: 2048 }) address: string;
  @Column('varchar', { length: 16 }) language: string;
  @Column('varchar', { length: 16 }) digest: string;
  /** `pending` until an e-mail address is confirmed; a webhook is `active` at once. */
  @Column('varchar', { length: 16 }) status: string;
  /** The store head when it was made: events at or before it are not addressed to it. */
  @Column('bigint', { transformer: position }) fromPosition: number;
  @Column('varchar', { length: 40 }) createdAt: string;
  @Column('varchar', { length: 40, nullable: true }) removedAt: string | null;
  /** The caller's Idempotency-Key, with a hash of the body it came with (same key, other body: 422). */
  @Column('varchar', { length: 200, nullable: true }) idempotencyKey: string | null;
  @Column('varchar', { length: 64, nullable: true }) requestHash: string | null;
  /** The notification types it receives; null: every type but the opt-in ones (`audit.checkpoint`). */
  @Column('simple-json', { nullable: true }) types?: string[] | null;
}

/** One in-app notification of one person: one per source and type, however many subscriptions reach them. */
@Entity('notification')
@Index('notification_owner_created', ['ownerSub', 'createdAt'])
export class NotificationRow {
  /** Derived from ownerSub, sourceKey and type: writing the same notification twice creates nothing. */
  @PrimaryColumn('varchar', { length: 36 }) id: string;
  @Column('varchar', { length: 200 }) ownerSub: string;
  @Column('varchar', { length: 36 }) subscriptionId: string;
  @Column('varchar', { length: 64 }) type: string;
  @Column('varchar', { length: 200 }) consultationId: string;
  @Column('varchar', { length: 200 }) sourceKey: string;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column('varchar', { length: 16 }) language: string;
  @Column('varchar', { length: 40 }) createdAt: string;
  @Column('varchar', { length: 40, nullable: true }) readAt: string | null;
}

/**
 * What one notification says, before words: written once per source and type when it has
 * deliveries, so each e-mail or webhook is put into its own subscriber's language when sent.
 */
@Entity('notification_content')
export class NotificationContentRow {
  /** Derived from the source and the type. */
  @PrimaryColumn('varchar', { length: 36 }) id: string;
  @Column('varchar', { length: 64 }) type: string;
  @Column('varchar', { length: 200 }) consultationId: string;
  /** JSON: the parameters of the text. */
  @Column('text') params: string;
  /** JSON: the consultation as the text needs it (title, reference, time zone, addressees). */
  @Column('text') consultation: string;
  @Column('varchar', { length: 40 }) occurredAt: string;
}

/** The outbox: one delivery per notification and active subscription (or a confirmation message), sent by the dispatcher. */
@Entity('notification_delivery')
@Index('notification_delivery_due', ['status', 'nextAttemptAt'])
// What the dispatcher claims from, in due order: read in index order and stopped after a batch, not sorted afresh for every claim.
@Index('notification_delivery_to_send', ['nextAttemptAt'], { where: `"status" IN ('pending', 'failed')` })
export class NotificationDeliveryRow {
  /** Derived from subscriptionId, sourceKey and type: one delivery per subscription, however often it is written. */
  @PrimaryColumn('varchar', { length: 36 }) id: string;
  /** The in-app notification it carries; `''` for a confirmation message. */
  @Column('varchar', { length: 36 }) notificationId: string;
  @Index() @Column('varchar', { length: 36 }) subscriptionId: string;
  @Column('varchar', { length: 16 }) channel: string;
  /** `pending` | `failed` (to be tried again) | `sent` | `dead` (given up; can be redelivered) | `cancelled` (unsubscribed). */
  @Column('varchar', { length: 16 }) status: string;
  @Column('int') attempts: number;
  @Column('varchar', { length: 40 }) nextAttemptAt: string;
  @Column('varchar', { length: 40 }) createdAt: string;
  /** `notification` or `confirmation`. */
  @Column('varchar', { length: 16, default: 'notification' }) kind: string;
  /** Its `notification_content` row (null for a confirmation). */
  @Column('varchar', { length: 36, nullable: true }) contentId: string | null;
  /** Taken by a dispatcher until then (real time, ISO): a dispatcher that died leaves it to another after it. */
  @Column('varchar', { length: 40, nullable: true }) claimedUntil: string | null;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('varchar', { length: 40, nullable: true }) sentAt: string | null;
}

/** One try of a delivery, as the secretariat sees it in `GET /api/deliveries`. */
@Entity('notification_delivery_attempt')
@Index('notification_delivery_attempt_delivery', ['deliveryId', 'attempt'])
export class DeliveryAttemptRow {
  @PrimaryColumn('varchar', { length: 36 }) id: string;
  @Column('varchar', { length: 36 }) deliveryId: string;
  @Column('int') attempt: number;
  @Column('varchar', { length: 40 }) at: string;
  /** `accepted` | `retry` | `failed-permanently`. */
  @Column('varchar', { length: 24 }) outcome: string;
  @Column('text', { nullable: true }) error: string | null;
}

/** The notification tables, for the read-model DataSource (engine state: never emptied by a rebuild). */
export const NOTIFICATION_ENTITIES = [SubscriptionRow, NotificationRow, NotificationContentRow, NotificationDeliveryRow, DeliveryAttemptRow];
