/** Subscriptions, notifications, the outbox and the channels (in-app first), with their message templates. */
export * from './notification.types';
