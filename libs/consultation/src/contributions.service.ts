import { DataSource } from 'typeorm';
import { Forbidden } from '@consult/auth';
import { Clock } from '@consult/clock';
import { EventStore } from '@consult/event-store';
import { ContributionRow, ContributionSubmittedData } from '@consult/projections';
import { hasRole, requireRole } from './access';
import { ConsultationCache } from './consultation-cache';
import { ContributionNotAccepted, InvalidInput } from './consultation.errors';
import { RequestContext, contributionStream, idFromKey, metadataFor, newId } from './consultation-stream';
import { SubmitContributionDto } from './contribution.dto';
import { validateBody } from './validation';
import { ReadModelProjector } from './read-model-projector';

/**
 * Contributions live in their own stream per consultation (`contributions-<id>`), not
 * in the consultation's: a consultation with 100k contributions keeps a short stream
 * of decisions that replays in microseconds, while contributions are appended without
 * contending for the consultation's expected revision. Each records the consultation
 * revision it was accepted at, so an auditor can check it was open then.
 */
export class ContributionsService {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly cache: ConsultationCache,
    private readonly db: DataSource,
    private readonly projector: ReadModelProjector,
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
    const metadata = { ...metadataFor(ctx, `${definition.name}@${definition.version}`, now), consultationRevision: loaded.revision };
    const result = await this.store.append(contributionStream(id), [
      { id: contributionId, type: 'ContributionSubmitted', data: data as never, metadata },
    ]);
    const stored = result.events[0].data as unknown as ContributionSubmittedData;
    return { id: contributionId, ...stored, published: false, position: result.position };
  }

  /** Published contributions for everyone; all of them for the secretariat. */
  async list(id: string, ctx: RequestContext, query: { limit?: number; offset?: number } = {}) {
    await this.cache.load(id);
    await this.projector.catchUp();
    const all = hasRole(ctx.caller, ['secretariat']);
    const [rows, total] = await this.db.getRepository(ContributionRow).findAndCount({
      where: all ? { consultationId: id } : { consultationId: id, published: true },
      order: { submittedAt: 'ASC', id: 'ASC' },
      take: Math.min(query.limit ?? 100, 1000),
      skip: query.offset ?? 0,
    });
    return { total, items: rows.map(toContribution) };
  }

  /** Refuses to publish ids that are not contributions to this consultation. */
  async assertExist(id: string, contributionIds: string[]): Promise<void> {
    await this.projector.catchUp();
    const rows = await this.db.getRepository(ContributionRow).findBy(contributionIds.map((cid) => ({ id: cid, consultationId: id })));
    const known = new Set(rows.map((row) => row.id));
    const unknown = contributionIds.filter((cid) => !known.has(cid));
    if (unknown.length > 0) {
      throw new InvalidInput(`unknown contributions: ${unknown.join(', ')}`, [
        { field: 'payload.contributionIds', constraints: { invalid: `not contributions to this consultation: ${unknown.join(', ')}` } },
      ]);
    }
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

function toContribution(row: ContributionRow) {
  return {
    id: row.id, consultationId: row.consultationId, kind: row.kind, section: row.section ?? undefined, text: row.text,
    language: row.language, action: row.action ?? undefined, target: row.target ?? undefined, reason: row.reason ?? undefined,
    author: { name: row.authorName ?? undefined, group: row.authorGroup ?? undefined, org: row.authorOrg ?? undefined },
    submittedAt: row.submittedAt, published: row.published, publishedAt: row.publishedAt ?? undefined,
  };
}
