import type { OutgoingNotification } from '../channel';

/** The body of a webhook (Standard Webhooks: `{type, timestamp, data}`), with only what the subscriber may read. */
export interface WebhookPayload {
  type: string;
  /** When what it reports happened (ISO 8601). */
  timestamp: string;
  data: {
    consultationId: string;
    notificationId: string;
    title: string;
    body: string;
    language: string;
    occurredAt: string;
  };
}

/** The payload of one notification: the same bytes on every retry, so a receiver can compare them. */
export function webhookPayload(notification: OutgoingNotification): WebhookPayload {
  const { type, consultationId, notificationId, occurredAt, rendered } = notification;
  return {
    type,
    timestamp: occurredAt,
    data: { consultationId, notificationId, title: rendered.title, body: rendered.body, language: rendered.language, occurredAt },
  };
}
