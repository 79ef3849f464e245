import { IsOptional } from 'class-validator';
import type { DataSource } from 'typeorm';
import { DomainError } from '@consult/event-store';
import { ConsultationSummaryRow, ContributionRow } from '../read-model.entities';
import { MAX_OFFSET, QueryInteger } from './query-input';
import { Page, Read, ReadModelsCatchUp, catchUp } from './read-freshness';

/** `GET /api/consultations/:id/contributions` query: `limit` 1–1000 (default 100), `offset`. */
export class ListContributionsRequest {
  @IsOptional() @QueryInteger(1, 1000)
  limit?: number;

  @IsOptional() @QueryInteger(0, MAX_OFFSET)
  offset?: number;
}

/** A contribution as the API shows it (the author's `sub` stays private). */
export interface ContributionItem {
  id: string;
  consultationId: string;
  kind: string;
  section?: string;
  text: string;
  language: string;
  action?: string;
  target?: string;
  reason?: string;
  author: { name?: string; group?: string; org?: string };
  submittedAt: string;
  published: boolean;
  publishedAt?: string;
}

/** The consultation is not in the (caught-up) read models: HTTP 404. */
export class ConsultationNotListed extends DomainError {
  readonly code = 'CONSULTATION.NOT_FOUND';
  constructor(readonly id: string) {
    super(`consultation ${id} not found`);
  }
}

/** One consultation's contributions in the order they came: published ones, or all of them. */
export class ListContributionsQuery {
  constructor(private readonly db: DataSource, private readonly readModels: ReadModelsCatchUp) {}

  async execute(consultationId: string, request: ListContributionsRequest & { unpublished: boolean }): Promise<Read<Page<ContributionItem>>> {
    const freshness = await catchUp(this.readModels);
    // Behind the store, a consultation launched a moment ago may not be listed yet: an empty page then.
    if (freshness.fresh && !(await this.db.getRepository(ConsultationSummaryRow).existsBy({ id: consultationId }))) {
      throw new ConsultationNotListed(consultationId);
    }
    const [rows, total] = await this.db.getRepository(ContributionRow).findAndCount({
      where: request.unpublished ? { consultationId } : { consultationId, published: true },
      order: { submittedAt: 'ASC', id: 'ASC' },
      take: request.limit ?? 100,
      skip: request.offset ?? 0,
    });
    return { value: { total, items: rows.map(toContribution) }, freshness };
  }
}

function toContribution(row: ContributionRow): ContributionItem {
  return {
    id: row.id, consultationId: row.consultationId, kind: row.kind, section: row.section ?? undefined, text: row.text,
    language: row.language, action: row.action ?? undefined, target: row.target ?? undefined, reason: row.reason ?? undefined,
    author: { name: row.authorName ?? undefined, group: row.authorGroup ?? undefined, org: row.authorOrg ?? undefined },
    submittedAt: row.submittedAt, published: row.published, publishedAt: row.publishedAt ?? undefined,
  };
}
