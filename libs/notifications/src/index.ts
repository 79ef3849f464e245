/** Subscriptions, notifications, the outbox and the channels (in-app first), with their message templates. */
export * from './notification.types';
export * from './content/notification-content';
export * from './content/reminder-content';
export * from './templates/render';
export * from './infrastructure/notification.entities';
export * from './infrastructure/notification-writer';
export * from './notifications.reactor';
export * from './subscriptions/subscriptions.service';
export * from './subscriptions/subscription.dto';
export * from './subscriptions/subscription.errors';
export * from './feed/feed.service';
export * from './feed/feed.dto';
export * from './nest/notifications.module';
