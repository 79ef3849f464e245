import type { Caller } from '@consult/auth';
import { requireRole } from '@consult/consultation';
import { DomainError } from '@consult/workflows/shared';
import type { DeliveryStatus, DeliveryView, ListDeliveriesRequest } from './delivery.dto';

/** No delivery with that id. */
export class DeliveryNotFound extends DomainError {
  readonly code = 'NOTIFICATIONS.DELIVERY_NOT_FOUND';
  constructor(id: string) {
    super(`delivery ${id} not found`);
  }
}

/** Only a `dead` or `failed` delivery can be redelivered (a sent one was accepted; a pending one is on its way). */
export class RedeliveryConflict extends DomainError {
  readonly code = 'NOTIFICATIONS.REDELIVERY_CONFLICT';
  constructor(id: string, status: string) {
    super(`delivery ${id} is ${status}: only a dead or failed delivery (not being sent right now) can be redelivered`);
  }
}

/** What redelivering found. */
export type RedeliveryResult = { outcome: 'queued'; delivery: DeliveryView } | { outcome: 'missing' } | { outcome: 'refused'; status: string };

/** The outbox as the secretariat reads and repairs it (port; the typeorm adapter is in infrastructure/). */
export abstract class DeliveryLog {
  /** Deliveries, newest first, with their tries; of one status or all. */
  abstract list(status: DeliveryStatus | undefined, limit: number, offset: number): Promise<{ total: number; items: DeliveryView[] }>;
  /** Makes a dead or failed delivery (not held by a live claim at real time `realNow`) due at `at` again. */
  abstract redeliver(id: string, at: string, realNow: string): Promise<RedeliveryResult>;
}

/** `GET /api/deliveries` and `POST /api/deliveries/:id/redeliver`: the secretariat's. */
export class DeliveriesService {
  /** `now` is the engine's clock (what falls due); `realNow` the wall clock (dispatcher claims). */
  constructor(private readonly log: DeliveryLog, private readonly now: () => Date, private readonly realNow: () => Date = () => new Date()) {}

  async list(caller: Caller, query: ListDeliveriesRequest): Promise<{ total: number; items: DeliveryView[] }> {
    requireRole(caller, ['secretariat'], 'reading deliveries');
    return this.log.list(query.status, query.limit ?? 50, query.offset ?? 0);
  }

  async redeliver(caller: Caller, id: string): Promise<DeliveryView> {
    requireRole(caller, ['secretariat'], 'redelivering');
    const result = await this.log.redeliver(id, this.now().toISOString(), this.realNow().toISOString());
    if (result.outcome === 'missing') throw new DeliveryNotFound(id);
    if (result.outcome === 'refused') throw new RedeliveryConflict(id, result.status);
    return result.delivery;
  }
}
