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

/** The outbox: one delivery per notification and active subscription, sent by the channel workers. */
@Entity('notification_delivery')
@Index('notification_delivery_due', ['status', 'nextAttemptAt'])
export class NotificationDeliveryRow {
  /** Derived from subscriptionId, sourceKey and type: one delivery per subscription, however often it is written. */
  @PrimaryColumn('varchar', { length: 36 }) id: string;
  @Column('varchar', { length: 36 }) notificationId: string;
  @Column('varchar', { length: 36 }) subscriptionId: string;
  @Column('varchar', { length: 16 }) channel: string;
  /** `pending` | `sent` | `failed` | `dead`. */
  @Column('varchar', { length: 16 }) status: string;
  @Column('int') attempts: number;
  @Column('varchar', { length: 40 }) nextAttemptAt: string;
  @Column('varchar', { length: 40 }) createdAt: string;
}

/** The notification tables, for the read-model DataSource (engine state: never emptied by a rebuild). */
export const NOTIFICATION_ENTITIES = [SubscriptionRow, NotificationRow, NotificationDeliveryRow];
