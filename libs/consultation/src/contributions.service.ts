import { Forbidden } from '@consult/auth';
import { Clock } from '@consult/clock';
import { EventStore } from '@consult/event-store';
import type { ContributionSubmittedData, ContributionsExistQuery } from '@consult/projections';
import type { CommandPrecheck } from './consultations.service';
import { requireRole } from './access';
import { ConsultationCache } from './consultation-cache';
import { ContributionNotAccepted, InvalidInput } from './consultation.errors';
import { RequestContext, assertSameRequest, contributionStream, idFromKey, metadataFor, newId, requestFingerprint } from './consultation-stream';
import { SubmitContributionDto } from './contribution.dto';
import { validateBody } from './validation';

/**
 * Contributions live in their own stream per consultation (`contributions-<id>`), not
 * in the consultation's: a consultation with 100k contributions keeps a short stream
 * of decisions that replays in microseconds, while contributions are appended without
 * contending for the consultation's expected revision. Each records the consultation
 * revision it was accepted at, so an auditor can check it was open then. The lists are
 * read from the read models by queries (`ListContributionsQuery`, `ContributionsExistQuery`).
 */
export class ContributionsService {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly cache: ConsultationCache,
  ) {}

  async submit(id: string, body: unknown, ctx: RequestContext) {
    const caller = requireRole(ctx.caller, ['participant'], 'contributing');
    const dto = validateBody(SubmitContributionDto, body, 'body');
    // The cache is current for everything this process wrote; the closing time is checked against now.
    const loaded = await this.cache.load(id, false);
    const definition = loaded.definition;
    if (!caller.group || !loaded.launch.eligibleGroups.includes(caller.group as never)) {
      throw new Forbidden(`group ${caller.group ?? '(none)'} is not among this consultation's eligible groups (${loaded.launch.eligibleGroups.join(', ')})`);
    }
    const now = this.clock.now().toISOString();
    const view = definition.view(loaded.snapshot);
    const check = definition.contributionCheck(loaded.snapshot, dto.kind, now);
    if (!check.open) throw new ContributionNotAccepted(view.state, check.reason);
    this.checkSection(dto, view.drafts);
    const contributionId = ctx.idempotencyKey ? idFromKey(id, caller.sub, ctx.idempotencyKey, 'contribution') : newId();
    const data: ContributionSubmittedData = JSON.parse(JSON.stringify({
      contributionId, consultationId: id, kind: dto.kind, section: dto.section, text: dto.text, language: dto.language,
      action: dto.action, target: dto.target, reason: dto.reason, submittedAt: now,
      author: { sub: caller.sub, name: caller.name, group: caller.group, org: caller.org },
    }));
    const fingerprint = ctx.idempotencyKey ? requestFingerprint(body) : undefined;
    const metadata = {
      ...metadataFor(ctx, `${definition.name}@${definition.version}`, now, undefined, fingerprint),
      consultationRevision: loaded.revision,
    };
    const result = await this.store.append(contributionStream(id), [
      { id: contributionId, type: 'ContributionSubmitted', data: data as never, metadata },
    ]);
    // A retried key answers the first contribution, but only for the same body.
    if (result.duplicate && fingerprint) assertSameRequest(result.events[0], ctx, fingerprint);
    const stored = result.events[0].data as unknown as ContributionSubmittedData;
    return { id: contributionId, ...stored, published: false, position: result.position };
  }

  private checkSection(dto: SubmitContributionDto, drafts: { sections?: { number: string }[] }[]): void {
    const sections = [...drafts].reverse().find((draft) => draft.sections && draft.sections.length > 0)?.sections;
    if (dto.section === undefined || !sections) return;
    if (!sections.some((s) => String(s.number) === dto.section)) {
      throw new InvalidInput(`section ${dto.section} is not in the current draft`, [
        { field: 'section', constraints: { invalid: `must be one of ${sections.map((s) => s.number).join(', ')}` } },
      ]);
    }
  }
}

/** Unknown ids named in a refusal; the rest are counted (a command may bring 10,000). */
const NAMED = 20;

/** The `publishContributions` precheck: every id must be a contribution to this consultation. */
export function contributionsMustExist(exist: Pick<ContributionsExistQuery, 'execute'>): CommandPrecheck {
  return async (loaded, type, payload) => {
    if (type !== 'publishContributions') return;
    const { value, freshness } = await exist.execute(loaded.id, (payload as { contributionIds: string[] }).contributionIds);
    if (value.unknown.length === 0) return;
    const more = value.unknown.length > NAMED ? ` and ${value.unknown.length - NAMED} more` : '';
    const named = `${value.unknown.slice(0, NAMED).join(', ')}${more}`;
    // A contribution sent a moment ago may not be in the read models yet when they lag.
    const lag = freshness.fresh ? '' : ` (the read models are behind the store: ${freshness.checkpoint}/${freshness.head}; try again shortly)`;
    throw new InvalidInput(`unknown contributions: ${named}${lag}`, [
      { field: 'payload.contributionIds', constraints: { invalid: `not contributions to this consultation: ${named}` } },
    ]);
  };
}
