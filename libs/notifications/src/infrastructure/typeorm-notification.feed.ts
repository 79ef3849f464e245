import { IsNull, type DataSource } from 'typeorm';
import type { FeedItem } from '../feed/feed.dto';
import { NotificationFeed } from '../feed/feed.service';
import { NotificationRow } from './notification.entities';

const FEED_COLUMNS: (keyof NotificationRow)[] = ['id', 'type', 'consultationId', 'title', 'body', 'language', 'createdAt', 'readAt'];

/** The in-app feed over the `notification` table (its index: ownerSub, createdAt). */
export class TypeormNotificationFeed extends NotificationFeed {
  constructor(private readonly db: DataSource) {
    super();
  }

  async list(ownerSub: string, unreadOnly: boolean, limit: number, offset: number): Promise<{ total: number; items: FeedItem[] }> {
    const query = this.db.getRepository(NotificationRow).createQueryBuilder('n')
      .select(FEED_COLUMNS.map((column) => `n.${column}`))
      .where('n.ownerSub = :ownerSub', { ownerSub })
      .orderBy('n.createdAt', 'DESC').addOrderBy('n.id', 'ASC')
      .skip(offset).take(limit);
    if (unreadOnly) query.andWhere('n.readAt IS NULL');
    const [rows, total] = await query.getManyAndCount();
    return { total, items: rows.map(itemOf) };
  }

  async markRead(ownerSub: string, id: string, readAt: string): Promise<FeedItem | undefined> {
    const repository = this.db.getRepository(NotificationRow);
    // Only the first reading counts: a second one changes nothing and answers the same item.
    await repository.update({ id, ownerSub, readAt: IsNull() }, { readAt });
    const row = await repository.findOne({ select: Object.fromEntries(FEED_COLUMNS.map((column) => [column, true])), where: { id, ownerSub } });
    return row ? itemOf(row) : undefined;
  }
}

function itemOf(row: NotificationRow): FeedItem {
  const { id, type, consultationId, title, body, language, createdAt, readAt } = row;
  return { id, type, consultationId, title, body, language, createdAt, readAt };
}
