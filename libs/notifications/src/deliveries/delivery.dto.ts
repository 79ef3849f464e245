import { IsIn, IsOptional } from 'class-validator';
import { MAX_OFFSET, QueryInteger } from '@consult/projections';

/** What becomes of a delivery: due (`pending`, `failed` to be tried again), done (`sent`), given up (`dead`) or `cancelled` by an unsubscribe. */
export const DELIVERY_STATUSES = ['pending', 'failed', 'sent', 'dead', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A notice, or the message that asks an e-mail address to confirm its subscription. */
export const DELIVERY_KINDS = ['notification', 'confirmation'] as const;

/** What one try came to. */
export const ATTEMPT_OUTCOMES = ['accepted', 'retry', 'failed-permanently'] as const;

/** `GET /api/deliveries` query: a status, and paging (`limit` 1–500, default 50; `offset`). */
export class ListDeliveriesRequest {
  @IsOptional() @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @IsOptional() @QueryInteger(1, 500)
  limit?: number;

  @IsOptional() @QueryInteger(0, MAX_OFFSET)
  offset?: number;
}

/** One try of a delivery. */
export interface DeliveryAttemptView {
  attempt: number;
  at: string;
  outcome: (typeof ATTEMPT_OUTCOMES)[number];
  error: string | null;
}

/** An outgoing e-mail or webhook delivery as the secretariat sees it, with its tries. */
export interface DeliveryView {
  id: string;
  kind: (typeof DELIVERY_KINDS)[number];
  channel: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
  subscriptionId: string;
  /** The subscription's e-mail address or webhook URL. */
  address: string | null;
  /** The notification type; null for a confirmation message. */
  type: string | null;
  consultationId: string | null;
  attemptsLog: DeliveryAttemptView[];
}
