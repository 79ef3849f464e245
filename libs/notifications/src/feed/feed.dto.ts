import { IsIn, IsOptional } from 'class-validator';
import { MAX_OFFSET, QueryInteger } from '@consult/projections';

/** `GET /api/notifications` query: `unread=true` for unread ones only; paging (`limit` 1–500, default 50; `offset`). */
export class FeedRequest {
  @IsOptional() @IsIn(['true', 'false'])
  unread?: 'true' | 'false';

  @IsOptional() @QueryInteger(1, 500)
  limit?: number;

  @IsOptional() @QueryInteger(0, MAX_OFFSET)
  offset?: number;
}

/** One notification of the in-app feed. */
export interface FeedItem {
  id: string;
  type: string;
  consultationId: string;
  title: string;
  body: string;
  language: string;
  createdAt: string;
  readAt: string | null;
}
