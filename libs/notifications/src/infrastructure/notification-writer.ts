import type { EntityManager } from 'typeorm';
import { OPT_IN_NOTIFICATION_TYPES, type ConsultationRef, type NotificationContent, type NotificationInput, type RenderedNotification } from '../notification.types';
import { deterministicId } from './deterministic-id';
import { insertValuesIgnoringConflicts } from './insert-ignoring';
import { liveSubscriptions, type Recipient } from './live-subscriptions';
import { NotificationContentRow, NotificationDeliveryRow, NotificationRow } from './notification.entities';

/** Puts a notification into words in one language (the templates' `renderNotification`). */
export type NotificationRenderer = (content: NotificationContent, language: string, consultation: ConsultationRef) => RenderedNotification;

/** What one write planned: rows already stored are skipped by the database, so a repeat adds nothing. */
export interface WriteSummary {
  notifications: number;
  deliveries: number;
}

/**
 * Writes notifications for every subscriber they reach: one in-app row per person, source and
 * type (in the language of that person's first subscription), and one outbox row per active
 * subscription. Ids derive from what the rows are, so writing the same inputs twice is harmless.
 */
export class NotificationWriter {
  constructor(private readonly render: NotificationRenderer) {}

  async write(manager: EntityManager, inputs: readonly NotificationInput[], createdAt: string): Promise<WriteSummary> {
    if (inputs.length === 0) return { notifications: 0, deliveries: 0 };
    const subscriptions = await liveSubscriptions(manager, [...new Set(inputs.map((input) => input.consultation.id))]);
    const rows: PlannedRows = { notifications: [], deliveries: [], contents: [] };
    for (const input of inputs) {
      const recipients = subscriptions.filter((subscription) => addresses(input, subscription));
      this.plan(input, recipients, createdAt, rows);
    }
    await insertValuesIgnoringConflicts(manager, NotificationRow, NOTIFICATION_COLUMNS, rows.notifications);
    await insertValuesIgnoringConflicts(manager, NotificationContentRow, CONTENT_COLUMNS, rows.contents);
    await insertValuesIgnoringConflicts(manager, NotificationDeliveryRow, DELIVERY_COLUMNS, rows.deliveries);
    return { notifications: rows.notifications.length / NOTIFICATION_COLUMNS.length, deliveries: rows.deliveries.length / DELIVERY_COLUMNS.length };
  }

  /** The rows of one input, laid out flat (no object per row: 10,000 of them are common); each language is rendered once. */
  private plan(input: NotificationInput, recipients: Recipient[], createdAt: string, rows: PlannedRows): void {
    const rendered = new Map<string, RenderedNotification>();
    const inWords = (language: string): RenderedNotification => {
      let text = rendered.get(language);
      if (!text) rendered.set(language, (text = this.render(input.content, language, input.consultation)));
      return text;
    };
    const { type } = input.content;
    const { sourceKey } = input;
    const byOwner = new Map<string, string>();
    let contentId: string | undefined;
    for (const recipient of recipients) {
      let notificationId = byOwner.get(recipient.ownerSub);
      if (notificationId === undefined) {
        notificationId = deterministicId(recipient.ownerSub, sourceKey, type);
        byOwner.set(recipient.ownerSub, notificationId);
        const { title, body, language } = inWords(recipient.language);
        // In the order of NOTIFICATION_COLUMNS.
        rows.notifications.push(notificationId, recipient.ownerSub, recipient.id, type, input.consultation.id, sourceKey, title, body, language, createdAt, null);
      }
      if (recipient.status !== 'active') continue;
      if (contentId === undefined) {
        contentId = deterministicId('content', sourceKey, type);
        // In the order of CONTENT_COLUMNS: what the dispatcher puts into each subscriber's language.
        rows.contents.push(contentId, type, input.consultation.id, JSON.stringify(input.content.params), JSON.stringify(input.consultation), input.occurredAt);
      }
      // In the order of DELIVERY_COLUMNS.
      rows.deliveries.push(
        deterministicId(recipient.id, sourceKey, type), notificationId, recipient.id, recipient.channel, 'pending', 0, createdAt, createdAt,
        'notification', contentId, null, null, null,
      );
    }
  }
}

/** The rows of one write, flat: so many values a row, in the order of the column lists below. */
interface PlannedRows {
  notifications: unknown[];
  deliveries: unknown[];
  contents: unknown[];
}

const NOTIFICATION_COLUMNS = ['id', 'ownerSub', 'subscriptionId', 'type', 'consultationId', 'sourceKey', 'title', 'body', 'language', 'createdAt', 'readAt'] as const;
const DELIVERY_COLUMNS = [
  'id', 'notificationId', 'subscriptionId', 'channel', 'status', 'attempts', 'nextAttemptAt', 'createdAt', 'kind', 'contentId', 'claimedUntil', 'lastError', 'sentAt',
] as const;
const CONTENT_COLUMNS = ['id', 'type', 'consultationId', 'params', 'consultation', 'occurredAt'] as const;
// Every column written: a column added to an entity fails to compile here until the writer fills it.
const everyNotificationColumn: Exclude<keyof NotificationRow, (typeof NOTIFICATION_COLUMNS)[number]> extends never ? true : never = true;
const everyDeliveryColumn: Exclude<keyof NotificationDeliveryRow, (typeof DELIVERY_COLUMNS)[number]> extends never ? true : never = true;
const everyContentColumn: Exclude<keyof NotificationContentRow, (typeof CONTENT_COLUMNS)[number]> extends never ? true : never = true;
void everyNotificationColumn;
void everyContentColumn;
void everyDeliveryColumn;

/**
 * Whether a subscription hears of `input`: it takes that type (every type but the opt-in ones, unless
 * it names its types), it follows that consultation (or all), it was made
 * before the event, and a participant's group is one the consultation addresses.
 */
function addresses(input: NotificationInput, subscription: Recipient): boolean {
  const { type } = input.content;
  if (subscription.types ? !subscription.types.includes(type) : OPT_IN_NOTIFICATION_TYPES.includes(type)) return false;
  if (subscription.consultationId !== null && subscription.consultationId !== input.consultation.id) return false;
  if (input.position !== undefined && subscription.fromPosition >= input.position) return false;
  if (subscription.ownerRole !== 'participant') return true;
  return subscription.ownerGroup !== null && input.consultation.eligibleGroups.includes(subscription.ownerGroup);
}
