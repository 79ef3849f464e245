import type { EntityManager } from 'typeorm';
import type { ConsultationRef, NotificationContent, NotificationInput, RenderedNotification } from '../notification.types';
import { deterministicId } from './deterministic-id';
import { insertIgnoringConflicts } from './insert-ignoring';
import { NotificationDeliveryRow, NotificationRow, SubscriptionRow } from './notification.entities';

/** Puts a notification into words in one language (the templates' `renderNotification`). */
export type NotificationRenderer = (content: NotificationContent, language: string, consultation: ConsultationRef) => RenderedNotification;

/** What one write planned: rows already stored are skipped by the database, so a repeat adds nothing. */
export interface WriteSummary {
  notifications: number;
  deliveries: number;
}

/** The columns the writer needs of a subscription. */
type Recipient = Pick<SubscriptionRow, 'id' | 'ownerSub' | 'ownerRole' | 'ownerGroup' | 'consultationId' | 'channel' | 'language' | 'status' | 'fromPosition' | 'createdAt'>;

/** Rows the database can take at once in a `consultationId IN (...)`. */
const IDS_PER_QUERY = 500;

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
    const notifications: NotificationRow[] = [];
    const deliveries: NotificationDeliveryRow[] = [];
    for (const input of inputs) {
      const recipients = subscriptions.filter((subscription) => addresses(input, subscription));
      this.plan(input, recipients, createdAt, notifications, deliveries);
    }
    await insertIgnoringConflicts(manager, NotificationRow, notifications);
    await insertIgnoringConflicts(manager, NotificationDeliveryRow, deliveries);
    return { notifications: notifications.length, deliveries: deliveries.length };
  }

  /** The rows of one input; each language is rendered once. */
  private plan(input: NotificationInput, recipients: Recipient[], createdAt: string, notifications: NotificationRow[], deliveries: NotificationDeliveryRow[]): void {
    const rendered = new Map<string, RenderedNotification>();
    const inWords = (language: string): RenderedNotification => {
      let text = rendered.get(language);
      if (!text) rendered.set(language, (text = this.render(input.content, language, input.consultation)));
      return text;
    };
    const { type } = input.content;
    const byOwner = new Map<string, string>();
    for (const recipient of recipients) {
      let notificationId = byOwner.get(recipient.ownerSub);
      if (notificationId === undefined) {
        notificationId = deterministicId(recipient.ownerSub, input.sourceKey, type);
        byOwner.set(recipient.ownerSub, notificationId);
        const { title, body, language } = inWords(recipient.language);
        notifications.push({
          id: notificationId, ownerSub: recipient.ownerSub, subscriptionId: recipient.id, type, consultationId: input.consultation.id,
          sourceKey: input.sourceKey, title, body, language, createdAt, readAt: null,
        });
      }
      if (recipient.status !== 'active') continue;
      deliveries.push({
        id: deterministicId(recipient.id, input.sourceKey, type), notificationId, subscriptionId: recipient.id, channel: recipient.channel,
        status: 'pending', attempts: 0, nextAttemptAt: createdAt, createdAt,
      });
    }
  }
}

/**
 * Whether a subscription hears of `input`: it follows that consultation (or all), it was made
 * before the event, and a participant's group is one the consultation addresses.
 */
function addresses(input: NotificationInput, subscription: Recipient): boolean {
  if (subscription.consultationId !== null && subscription.consultationId !== input.consultation.id) return false;
  if (input.position !== undefined && subscription.fromPosition >= input.position) return false;
  if (subscription.ownerRole !== 'participant') return true;
  return subscription.ownerGroup !== null && input.consultation.eligibleGroups.includes(subscription.ownerGroup);
}

/** Live subscriptions of these consultations or of all, oldest first (a person's first one names their language). */
async function liveSubscriptions(manager: EntityManager, consultationIds: string[]): Promise<Recipient[]> {
  // Plain SQL: for 10,000 subscribers TypeORM's entity building cost more than the query.
  const driver = manager.connection.driver;
  const name = (column: string) => driver.escape(column);
  const postgres = driver.options.type === 'postgres';
  const table = manager.connection.getMetadata(SubscriptionRow).tablePath.split('.').map(name).join('.');
  const columns = RECIPIENT_COLUMNS.map(name).join(', ');
  const found: Recipient[] = [];
  for (let start = 0; start < consultationIds.length; start += IDS_PER_QUERY) {
    const ids = consultationIds.slice(start, start + IDS_PER_QUERY);
    const list = ids.map((_, i) => (postgres ? `$${i + 1}` : '?')).join(', ');
    const all = start === 0 ? ` OR ${name('consultationId')} IS NULL` : '';
    const rows: Recipient[] = await manager.query(
      `SELECT ${columns} FROM ${table} WHERE ${name('removedAt')} IS NULL AND (${name('consultationId')} IN (${list})${all})`, ids);
    for (const row of rows) {
      row.fromPosition = Number(row.fromPosition);
      found.push(row);
    }
  }
  return found.sort(olderFirst);
}

const RECIPIENT_COLUMNS: (keyof Recipient)[] = ['id', 'ownerSub', 'ownerRole', 'ownerGroup', 'consultationId', 'channel', 'language', 'status', 'fromPosition', 'createdAt'];

const olderFirst = (a: Recipient, b: Recipient): number =>
  (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
