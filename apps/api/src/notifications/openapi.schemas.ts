import { ATTEMPT_OUTCOMES, DELIVERY_KINDS, DELIVERY_STATUSES, DIGESTS, NOTIFICATION_TYPES, SUBSCRIPTION_CHANNELS } from '@consult/notifications';
import { MAX_OFFSET } from '@consult/projections';
import type { OperationSpec } from '../openapi/operations';
import { JsonSchema, arrayOf, instant, object, oneOfValues, orNull, ref, string } from '../openapi/schema-dsl';

const count: JsonSchema = { type: 'integer', minimum: 0 };
const page = (item: string, description: string): JsonSchema =>
  object({ total: { ...count, description: 'matching items, all pages' }, items: arrayOf(ref(item)) }, {}, description);
const linkToken: OperationSpec['query'] = {
  token: { schema: { type: 'string', minLength: 1, maxLength: 200 }, required: true, description: 'the signed token of the link the e-mail carries' },
};
const paging: OperationSpec['query'] = {
  limit: { schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, description: 'page size (at most 500)' },
  offset: { schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 }, description: 'items to skip' },
};

function subscriptionFields(): Record<string, JsonSchema> {
  return {
    id: string, consultationId: orNull(string), channel: oneOfValues(SUBSCRIPTION_CHANNELS), address: string, language: string,
    digest: oneOfValues(DIGESTS), status: { ...oneOfValues(['active', 'pending']), description: 'an e-mail address is pending until confirmed' }, createdAt: instant,
    types: { ...orNull(arrayOf(oneOfValues(NOTIFICATION_TYPES))), description: 'the types it receives; null: every type but audit.checkpoint' },
  };
}

/** The request and response schemas of `/api/subscriptions` and `/api/notifications`. */
export function notificationSchemas(): Record<string, JsonSchema> {
  return {
    SubscribeRequest: {
      ...object(
        { channel: oneOfValues(SUBSCRIPTION_CHANNELS), address: { type: 'string', minLength: 3, maxLength: 2048, description: 'an e-mail address (email), an http(s) URL (webhook)' }, language: { type: 'string', maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$', description: 'ar, en, fr, es, ru or zh; any other reads English' } },
        {
          consultationId: { type: 'string', minLength: 1, maxLength: 200, description: 'omitted: every consultation' }, digest: { ...oneOfValues(DIGESTS), default: 'immediate' },
          types: { ...arrayOf(oneOfValues(NOTIFICATION_TYPES)), minItems: 1, uniqueItems: true, description: 'only these types; omitted: every type but audit.checkpoint, which auditors and the secretariat name (without consultationId) to receive each signed checkpoint of the whole log' },
        },
      ),
      additionalProperties: false,
    },
    Subscription: object(subscriptionFields(), {}, 'a subscription'),
    Subscribed: object(subscriptionFields(), {
      secret: { type: 'string', pattern: '^whsec_[A-Za-z0-9+/=]+$', description: 'a webhook\'s signing secret (Standard Webhooks): shown here only' },
    }, 'the new subscription'),
    SubscriptionPage: page('Subscription', 'a page of subscriptions, oldest first'),
    SubscriptionLinkPage: { type: 'string', description: 'a small HTML page in the subscription\'s language (confirmed; the unsubscribe form; unsubscribed)' },
    DeliveryAttempt: object({ attempt: { type: 'integer', minimum: 1 }, at: instant, outcome: oneOfValues(ATTEMPT_OUTCOMES), error: orNull(string) }, {}, 'one try'),
    Delivery: object({
      id: string, kind: oneOfValues(DELIVERY_KINDS), channel: oneOfValues(SUBSCRIPTION_CHANNELS), status: oneOfValues(DELIVERY_STATUSES), attempts: count,
      nextAttemptAt: instant, createdAt: instant, sentAt: orNull(instant), lastError: orNull(string), subscriptionId: string,
      address: { ...orNull(string), description: 'the e-mail address or webhook URL' }, type: { anyOf: [oneOfValues(NOTIFICATION_TYPES), { type: 'null' }], description: 'null for a confirmation message' },
      consultationId: orNull(string), attemptsLog: arrayOf(ref('DeliveryAttempt')),
    }, {}, 'an outgoing e-mail or webhook delivery'),
    DeliveryPage: page('Delivery', 'a page of deliveries, newest first'),
    Notification: object({
      id: string, type: oneOfValues(NOTIFICATION_TYPES), consultationId: string, title: string, body: string, language: string,
      createdAt: instant, readAt: orNull(instant),
    }, {}, 'an in-app notification'),
    NotificationPage: page('Notification', 'a page of the caller\'s notifications, newest first'),
    NoContent: { type: 'string', maxLength: 0, description: 'no body (204)' },
  };
}

/** The operations table's rows for `/api/subscriptions` and `/api/notifications`. */
export function notificationOperations(): Record<string, OperationSpec> {
  return {
    'post /api/subscriptions': {
      operationId: 'subscribe', idempotent: true, body: 'SubscribeRequest', auth: 'token', errors: [400, 401, 404, 422, 429],
      ok: { status: 201, schema: 'Subscribed', description: 'subscribed (an e-mail subscription is pending until confirmed; a webhook\'s answer carries its secret)' },
    },
    'get /api/subscriptions': {
      operationId: 'listSubscriptions', auth: 'token', errors: [400, 401, 429], query: paging,
      ok: { status: 200, schema: 'SubscriptionPage', description: 'the caller\'s subscriptions; everyone\'s for the secretariat' },
    },
    'delete /api/subscriptions/{id}': {
      operationId: 'unsubscribe', auth: 'token', errors: [400, 401, 404, 429],
      ok: { status: 204, schema: 'NoContent', description: 'unsubscribed' },
    },
    'get /api/subscriptions/{id}/confirm': {
      operationId: 'confirmSubscription', auth: 'none', errors: [400, 401, 404, 429], query: linkToken,
      ok: { status: 200, schema: 'SubscriptionLinkPage', contentType: 'text/html', description: 'confirmed (again: no change); a bad token reads as not found' },
    },
    'get /api/subscriptions/{id}/unsubscribe': {
      operationId: 'unsubscribePage', auth: 'none', errors: [400, 401, 404, 429], query: linkToken,
      ok: { status: 200, schema: 'SubscriptionLinkPage', contentType: 'text/html', description: 'a page whose button unsubscribes (this GET changes nothing)' },
    },
    'post /api/subscriptions/{id}/unsubscribe': {
      operationId: 'unsubscribeByLink', auth: 'none', errors: [400, 401, 404, 429], query: linkToken,
      ok: { status: 200, schema: 'SubscriptionLinkPage', contentType: 'text/html', description: 'unsubscribed (RFC 8058 one-click: List-Unsubscribe=One-Click as a form, or no body); again: no change' },
    },
    'get /api/deliveries': {
      operationId: 'listDeliveries', auth: 'token', errors: [400, 401, 403, 429],
      query: { status: { schema: oneOfValues(DELIVERY_STATUSES), description: 'only deliveries in this status' }, ...paging },
      ok: { status: 200, schema: 'DeliveryPage', description: 'outgoing deliveries and their attempts' },
    },
    'post /api/deliveries/{id}/redeliver': {
      operationId: 'redeliver', auth: 'token', errors: [400, 401, 403, 404, 409, 429],
      ok: { status: 200, schema: 'Delivery', description: 'due again now (a dead or failed one; any other: 409)' },
    },
    'get /api/notifications': {
      operationId: 'listNotifications', auth: 'token', errors: [400, 401, 429],
      query: { unread: { schema: { type: 'string', enum: ['true', 'false'] }, description: '`true`: unread ones only' }, ...paging },
      ok: { status: 200, schema: 'NotificationPage', description: 'the caller\'s in-app notifications' },
    },
    'post /api/notifications/{id}/read': {
      operationId: 'markNotificationRead', auth: 'token', errors: [400, 401, 404, 429],
      ok: { status: 200, schema: 'Notification', description: 'the notification, read (the first reading\'s time is kept)' },
    },
  };
}
