import type { FeedItem } from '@consult/notifications';
import { participant, type Who } from './timeline';

/** Someone who follows every consultation in the in-app feed, in one language. */
export interface Subscriber {
  /** How the demo and the tests name them, e.g. `secretariat`. */
  label: string;
  who: Who;
  language: string;
}

/** One notification as a subscriber's feed shows it (`GET /api/notifications`), with whose feed it is. */
export type HeardNotification = FeedItem & { subscriber: string };

/** A reader's e-mail subscription as the api made it: pending until its confirmation link is followed. */
export interface EmailSubscription {
  label: string;
  id: string;
  address: string;
}

/** Signs a bearer token for whoever acts or reads. */
export type TokenFor = (who: Who) => string;

/** The demo's readers: the secretariat in English and a member state, addressed by every seed, in Arabic. */
export const DEMO_SUBSCRIBERS: Subscriber[] = [
  { label: 'secretariat', who: 'secretariat', language: 'en' },
  { label: 'Egypt', who: participant('member-state', 'EGY', 'Egypt'), language: 'ar' },
];

/** The feed holds more than this only in a run far longer than a seed timeline. */
const FEED_PAGE = 500;

/**
 * Subscribers of every consultation, and what their feeds gained since last asked: the
 * notifications a step produced (its clock move's reminders and deadlines, then its command's).
 */
export class Audience {
  private readonly seen = new Set<string>();
  /** Each reader's subscription, in the order of `subscribers`. */
  readonly subscriptions: EmailSubscription[] = [];

  private constructor(private readonly baseUrl: string, private readonly tokenFor: TokenFor, readonly subscribers: Subscriber[]) {}

  /** Subscribes each of them by e-mail to every consultation (so before any launch) over the api; their in-app feeds fill either way. */
  static async subscribe(baseUrl: string, tokenFor: TokenFor, subscribers: Subscriber[]): Promise<Audience> {
    const audience = new Audience(baseUrl, tokenFor, subscribers);
    for (const subscriber of subscribers) {
      const address = `${subscriber.label.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.org`;
      const answer = await audience.request('POST', '/api/subscriptions', subscriber, { channel: 'email', address, language: subscriber.language });
      if (answer.status !== 201) throw new Error(`subscribing ${subscriber.label}: ${answer.status} ${JSON.stringify(answer.body)}`);
      audience.subscriptions.push({ label: subscriber.label, id: answer.body.id, address });
    }
    return audience;
  }

  /** Every subscriber's notifications not returned before, oldest first (ties by type: rows of one instant carry no order). */
  async news(): Promise<HeardNotification[]> {
    const heard: HeardNotification[] = [];
    for (const subscriber of this.subscribers) {
      for (const item of await this.feed(subscriber)) {
        if (this.seen.has(item.id)) continue;
        this.seen.add(item.id);
        heard.push({ subscriber: subscriber.label, ...item });
      }
    }
    return heard.sort(chronological);
  }

  /** Everything in one subscriber's feed, oldest first. */
  async feed(subscriber: Subscriber): Promise<FeedItem[]> {
    const answer = await this.request('GET', `/api/notifications?limit=${FEED_PAGE}`, subscriber);
    if (answer.status !== 200) throw new Error(`reading the feed of ${subscriber.label}: ${answer.status} ${JSON.stringify(answer.body)}`);
    if (answer.body.total > FEED_PAGE) throw new Error(`the feed of ${subscriber.label} holds ${answer.body.total} notifications, more than one page`);
    return [...answer.body.items].sort(chronological);
  }

  private async request(method: string, path: string, subscriber: Subscriber, body?: unknown): Promise<{ status: number; body: any }> {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${this.tokenFor(subscriber.who)}` };
    const response = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
}

/** Oldest first; one instant's notifications by type (the sort is stable: readers stay in their order). */
function chronological(a: { createdAt: string; type: string }, b: { createdAt: string; type: string }): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.type.localeCompare(b.type);
}
