import type { Caller } from '@consult/auth';
import { requireRole } from '@consult/consultation';
import { DomainError } from '@consult/workflows/shared';
import type { FeedItem, FeedRequest } from './feed.dto';

/** No notification with that id in the caller's feed (someone else's reads the same). */
export class NotificationNotFound extends DomainError {
  readonly code = 'NOTIFICATIONS.NOTIFICATION_NOT_FOUND';
  constructor(id: string) {
    super(`notification ${id} not found`);
  }
}

/** The in-app notifications of each person (port; the typeorm adapter is in infrastructure/). */
export abstract class NotificationFeed {
  /** A person's notifications, newest first. */
  abstract list(ownerSub: string, unreadOnly: boolean, limit: number, offset: number): Promise<{ total: number; items: FeedItem[] }>;
  /** Marks one of a person's notifications read (keeping the first time it was); undefined when they have no such one. */
  abstract markRead(ownerSub: string, id: string, readAt: string): Promise<FeedItem | undefined>;
}

const TOKEN_HOLDERS = ['secretariat', 'participant', 'auditor'] as const;

/** A token holder's own feed: every notification addressed to their subscriptions, whatever the channel. */
export class FeedService {
  /** `catchUp` waits (bounded) for the notifications of the events stored so far, so a reader sees what they just caused. */
  constructor(private readonly feed: NotificationFeed, private readonly now: () => Date, private readonly catchUp: () => Promise<void> = async () => undefined) {}

  async list(caller: Caller, query: FeedRequest): Promise<{ total: number; items: FeedItem[] }> {
    const owner = requireRole(caller, TOKEN_HOLDERS, 'reading notifications');
    await this.catchUp();
    return this.feed.list(owner.sub, query.unread === 'true', query.limit ?? 50, query.offset ?? 0);
  }

  async markRead(caller: Caller, id: string): Promise<FeedItem> {
    const owner = requireRole(caller, TOKEN_HOLDERS, 'reading notifications');
    const item = await this.feed.markRead(owner.sub, id, this.now().toISOString());
    if (!item) throw new NotificationNotFound(id);
    return item;
  }
}
