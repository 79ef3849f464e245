import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MAX_OFFSET, QueryInteger } from '@consult/projections';
import { NOTIFICATION_TYPES, SUBSCRIPTION_CHANNELS, type NotificationType, type SubscriptionChannel } from '../notification.types';

/** How often a subscriber hears: each notification as it comes, or one digest a day. */
export const DIGESTS = ['immediate', 'daily'] as const;
export type Digest = (typeof DIGESTS)[number];

/** `POST /api/subscriptions` body; the address is checked against the channel (see `addressProblem`). */
export class SubscribeRequest {
  /** The consultation to hear of; omitted: every consultation. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  consultationId?: string;

  @IsIn(SUBSCRIPTION_CHANNELS)
  channel: SubscriptionChannel;

  /** An e-mail address, or an http(s) URL for a webhook. */
  @IsString() @MinLength(3) @MaxLength(2048)
  address: string;

  /** A language tag (`ar`, `en`, `fr`, `es`, `ru`, `zh`; any other reads English). */
  @IsString() @Matches(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, { message: 'language must be a language tag such as en or fr' }) @MaxLength(35)
  language: string;

  @IsOptional() @IsIn(DIGESTS)
  digest?: Digest;

  /**
   * Only these notification types (an extension of DESIGN's body); omitted: every type but the
   * opt-in `audit.checkpoint`, which auditors and the secretariat name to receive each signed
   * checkpoint of the whole log (then without `consultationId`).
   */
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(NOTIFICATION_TYPES.length) @ArrayUnique() @IsIn(NOTIFICATION_TYPES, { each: true })
  types?: NotificationType[];
}

/** `GET /api/subscriptions` query: paging (`limit` 1–500, default 50; `offset`). */
export class ListSubscriptionsRequest {
  @IsOptional() @QueryInteger(1, 500)
  limit?: number;

  @IsOptional() @QueryInteger(0, MAX_OFFSET)
  offset?: number;
}

/** A subscription as the API answers it. */
export interface SubscriptionView {
  id: string;
  consultationId: string | null;
  channel: SubscriptionChannel;
  address: string;
  language: string;
  digest: Digest;
  status: 'active' | 'pending';
  createdAt: string;
  /** The types it receives; null (or absent in older records): every type but the opt-in ones. */
  types?: NotificationType[] | null;
}

/** The answer to subscribing: a webhook's signing secret (`whsec_...`) is shown here, and nowhere else. */
export interface SubscribedView extends SubscriptionView {
  secret?: string;
}
