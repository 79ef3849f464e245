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

  /** The verdict kept for `address` if it still holds (no await: the common case of a run's thousands of tries). */
  still(address: string): VettedTarget | undefined {
    const hit = this.kept.get(address);
    return hit && hit.until > this.now() ? hit.target : undefined;
  }

  /** The vetted target for `address`, or WebhookTargetRefused. */
  async vet(address: string): Promise<VettedTarget> {
    const hit = this.still(address);
    if (hit) return hit;
    const target = await assertWebhookTarget(address, this.policy);
    this.kept.delete(address);
    this.kept.set(address, { target, until: this.now() + this.ttlMs });
    if (this.kept.size > TARGETS_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return target;
  }
}
