import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { DataSource } from 'typeorm';
import { ConsultationSummaryRow } from '../read-model.entities';
import { MAX_OFFSET, QueryInteger, escapeLike } from './query-input';
import { Page, Read, ReadModelsCatchUp, catchUp } from './read-freshness';

/** `GET /api/consultations` query: filters, and paging (`limit` 1–500, default 50; `offset`). */
export class ListConsultationsRequest {
  /** The view's state, e.g. `consultationOpen`. */
  @IsOptional() @IsString() @MaxLength(64)
  state?: string;

  /** A workflow name, e.g. `council-approval`. */
  @IsOptional() @IsString() @MaxLength(128)
  workflow?: string;

  /** Words in a title (any language) or the reference; `%` and `_` are matched as themselves. */
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @IsOptional() @QueryInteger(1, 500)
  limit?: number;

  @IsOptional() @QueryInteger(0, MAX_OFFSET)
  offset?: number;
}

/** The consultations list, newest first, from the summary read model. */
export class ListConsultationsQuery {
  constructor(private readonly db: DataSource, private readonly readModels: ReadModelsCatchUp) {}

  async execute(request: ListConsultationsRequest): Promise<Read<Page<ConsultationSummaryRow>>> {
    const freshness = await catchUp(this.readModels);
    const query = this.db.getRepository(ConsultationSummaryRow).createQueryBuilder('c')
      .orderBy('c.launchedAt', 'DESC').addOrderBy('c.id', 'ASC')
      .skip(request.offset ?? 0).take(request.limit ?? 50);
    if (request.state) query.andWhere('c.state = :state', { state: request.state });
    if (request.workflow) query.andWhere('c.workflow = :workflow', { workflow: request.workflow });
    if (request.q) {
      // Rows written before `search` existed: their titles' texts (JSON by language), never its keys or quotes.
      const titles = this.db.options.type === 'postgres' ? 'json_each_text(c.title::json)' : 'json_each(c.title)';
      query.andWhere(
        `(c.search LIKE :q ESCAPE '\\' OR (c.search IS NULL AND (EXISTS (SELECT 1 FROM ${titles} t WHERE LOWER(t.value) LIKE :q ESCAPE '\\') OR LOWER(c.reference) LIKE :q ESCAPE '\\')))`,
        { q: `%${escapeLike(request.q.toLowerCase())}%` },
      );
    }
    const [items, total] = await query.getManyAndCount();
    return { value: { total, items }, freshness };
  }
}
