import { createHash } from 'node:crypto';
import { Forbidden, type Caller } from '@consult/auth';
import { IdempotencyKeyReused, InvalidInput, requireRole, validateBody } from '@consult/consultation';
import { addressProblem } from './subscription-address';
import { ListSubscriptionsRequest, SubscribeRequest, type SubscribedView, type SubscriptionView } from './subscription.dto';
import { SubscriptionNotFound } from './subscription.errors';
import { Page, SubscriptionRecord, SubscriptionRepository } from './subscription.repository';

/** What subscribing needs from outside: storage, the consultations, the store head, time and ids. */
export interface SubscriptionsDependencies {
  repository: SubscriptionRepository;
  /** Throws `ConsultationNotFound` (404) for an unknown consultation. */
  consultationMustExist(id: string): Promise<void>;
  headPosition(): Promise<number>;
  /** Throws `WebhookTargetRefused` (400 naming `address`) for a target the engine will not call (SSRF). */
  vetWebhookTarget(address: string): Promise<void>;
  /** A webhook subscription's signing secret, derived from its id (never stored). */
  webhookSecret(subscriptionId: string): string;
  now(): Date;
  newId(): string;
}

const TOKEN_HOLDERS = ['secretariat', 'participant', 'auditor'] as const;

/** Subscribing, listing and unsubscribing for token holders; the secretariat sees and ends everyone's. */
export class SubscriptionsService {
  constructor(private readonly deps: SubscriptionsDependencies) {}

  /** Subscribes the caller; a webhook's answer carries its signing secret (a retry with the same Idempotency-Key too). */
  async subscribe(caller: Caller, body: unknown, idempotencyKey?: string): Promise<SubscribedView> {
    const owner = requireRole(caller, TOKEN_HOLDERS, 'subscribing');
    const request = validateBody(SubscribeRequest, body, 'body');
    const problem = addressProblem(request.channel, request.address);
    if (problem) throw new InvalidInput(`address ${problem}`, [{ field: 'address', constraints: { address: problem } }]);
    const requestHash = hashOf(request);
    if (idempotencyKey !== undefined) {
      const earlier = await this.deps.repository.withIdempotencyKey(owner.sub, idempotencyKey);
      if (earlier) return this.withSecret(sameRequest(earlier, requestHash, idempotencyKey));
    }
    checkOptIn(request, owner.role);
    if (request.consultationId !== undefined) await this.deps.consultationMustExist(request.consultationId);
    if (request.channel === 'webhook') await this.deps.vetWebhookTarget(request.address);
    const kept = await this.deps.repository.add({
      id: this.deps.newId(), consultationId: request.consultationId ?? null, channel: request.channel, address: request.address,
      language: request.language, digest: request.digest ?? 'immediate',
      // An e-mail address is confirmed before anything is sent to it; a webhook's owner gave it themselves.
      status: request.channel === 'email' ? 'pending' : 'active',
      createdAt: this.deps.now().toISOString(), ownerSub: owner.sub, ownerRole: owner.role, ownerGroup: owner.group ?? null,
      ownerOrg: owner.org ?? null, fromPosition: await this.deps.headPosition(), idempotencyKey: idempotencyKey ?? null, requestHash,
      types: request.types ?? null,
    });
    return this.withSecret(sameRequest(kept, requestHash, idempotencyKey));
  }

  async list(caller: Caller, query: ListSubscriptionsRequest): Promise<Page<SubscriptionView>> {
    const owner = requireRole(caller, TOKEN_HOLDERS, 'listing subscriptions');
    const everyone = owner.role === 'secretariat';
    const page = await this.deps.repository.list(everyone ? null : owner.sub, query.limit ?? 50, query.offset ?? 0);
    return { total: page.total, items: page.items.map(viewOf) };
  }

  async remove(caller: Caller, id: string): Promise<void> {
    const owner = requireRole(caller, TOKEN_HOLDERS, 'removing a subscription');
    const removed = await this.deps.repository.remove(id, owner.role === 'secretariat' ? null : owner.sub, this.deps.now().toISOString());
    if (!removed) throw new SubscriptionNotFound(id);
  }

  private withSecret(view: SubscriptionView): SubscribedView {
    return view.channel === 'webhook' ? { ...view, secret: this.deps.webhookSecret(view.id) } : view;
  }
}

/** The stored subscription, if it was made with the same body; the same key with another body is a 422. */
function sameRequest(record: SubscriptionRecord, requestHash: string, idempotencyKey: string | undefined): SubscriptionView {
  if (idempotencyKey !== undefined && record.requestHash !== requestHash) throw new IdempotencyKeyReused(idempotencyKey);
  return viewOf(record);
}

function viewOf(record: SubscriptionRecord): SubscriptionView {
  const { id, consultationId, channel, address, language, digest, status, createdAt } = record;
  return { id, consultationId, channel, address, language, digest, status, createdAt, types: record.types ?? null };
}

/** Checkpoints of the whole log: for auditors and the secretariat, and for no single consultation. */
function checkOptIn(request: SubscribeRequest, role: string): void {
  if (!request.types?.includes('audit.checkpoint')) return;
  if (role !== 'auditor' && role !== 'secretariat') throw new Forbidden('audit checkpoints are for auditors and the secretariat');
  if (request.consultationId !== undefined) {
    const problem = 'audit.checkpoint covers the whole log: subscribe to it without consultationId';
    throw new InvalidInput(`types ${problem}`, [{ field: 'types', constraints: { types: problem } }]);
  }
}

/** The body as it was understood (defaults filled in), hashed in a fixed field order. */
function hashOf(request: SubscribeRequest): string {
  const { consultationId = null, channel, address, language, digest = 'immediate', types = null } = request;
  return createHash('sha256').update(JSON.stringify([consultationId, channel, address, language, digest, ...(types ? [types] : [])])).digest('hex');
}
