import { assertWebhookTarget, type VettedTarget, type WebhookTargetPolicy } from './webhook-target';

/** Addresses whose vetting is kept, at most (the oldest let go first). */
const TARGETS_KEPT = 10_000;

/**
 * The SSRF guard's verdicts on webhook addresses, kept for `ttlMs`: a name is resolved and its
 * addresses checked once a minute rather than before every try, and the connection still goes
 * only to the addresses that were checked (they are pinned, see postWebhook). A name re-pointed
 * meanwhile is followed once the verdict expires. Refusals are not kept: they are rare, and a
 * transient one (a failed lookup) must be retried afresh.
 */
export class VettedTargets {
  private readonly kept = new Map<string, { target: VettedTarget; until: number }>();

  constructor(private readonly policy: WebhookTargetPolicy, private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  /** The vetted target for `address`, or WebhookTargetRefused. */
  async vet(address: string): Promise<VettedTarget> {
    const hit = this.kept.get(address);
    if (hit && hit.until > this.now()) return hit.target;
    const target = await assertWebhookTarget(address, this.policy);
    this.kept.delete(address);
    this.kept.set(address, { target, until: this.now() + this.ttlMs });
    if (this.kept.size > TARGETS_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return target;
  }
}
