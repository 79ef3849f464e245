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

/** What stands for the notification's id while a body's shared parts are laid out (a NUL cannot come from a template). */
const ID_PLACEHOLDER = '\u0000notificationId\u0000';
const ID_PLACEHOLDER_JSON = JSON.stringify(ID_PLACEHOLDER);

/** One text's body around its notification id: one reminder to 10,000 subscribers is a handful of texts. */
interface BodyParts {
  type: string;
  consultationId: string;
  occurredAt: string;
  before: string;
  after: string;
}

/**
 * `JSON.stringify(webhookPayload(notification))`, byte for byte, with the parts that do not
 * depend on the notification's id laid out once per rendered text (kept with it while it is
 * in use) rather than once per delivery: only the id is serialised for each.
 */
export class WebhookBodies {
  private readonly parts = new WeakMap<OutgoingNotification['rendered'], BodyParts>();

  bodyOf(notification: OutgoingNotification): string {
    const { rendered, type, consultationId, occurredAt } = notification;
    let parts = this.parts.get(rendered);
    if (!parts || parts.type !== type || parts.consultationId !== consultationId || parts.occurredAt !== occurredAt) {
      const laidOut = JSON.stringify(webhookPayload({ ...notification, notificationId: ID_PLACEHOLDER })).split(ID_PLACEHOLDER_JSON);
      // The placeholder found once, or the texts hold it themselves: then the whole body for each.
      if (laidOut.length !== 2) return JSON.stringify(webhookPayload(notification));
      parts = { type, consultationId, occurredAt, before: laidOut[0], after: laidOut[1] };
      this.parts.set(rendered, parts);
    }
    return parts.before + JSON.stringify(notification.notificationId) + parts.after;
  }
}
