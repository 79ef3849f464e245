import { IsOptional } from 'class-validator';
import type { DataSource } from 'typeorm';
import { IsInstant, type Deadline } from '@consult/workflows';
import { ConsultationSummaryRow } from '../read-model.entities';
import { Read, ReadModelsCatchUp, catchUp } from './read-freshness';

/** `GET /api/deadlines` query: `until` an ISO 8601 instant with an offset (default: all). */
export class UpcomingDeadlinesRequest {
  @IsOptional() @IsInstant()
  until?: string;
}

/** One upcoming deadline of a running consultation. */
export interface UpcomingDeadline {
  consultationId: string;
  title: Record<string, string>;
  key: string;
  kind: string;
  dueAt: string;
  label?: string;
}

/** A consultation's pending deadlines, from its current state (the consultation module replays it). */
export type DeadlinesOf = (consultationId: string) => Promise<Deadline[]>;

/** Upcoming deadlines, soonest first: the summary finds the consultations that have one, their state gives the rest. */
export class UpcomingDeadlinesQuery {
  constructor(
    private readonly db: DataSource,
    private readonly readModels: ReadModelsCatchUp,
    private readonly deadlinesOf: DeadlinesOf,
    private readonly now: () => Date,
  ) {}

  async execute(request: UpcomingDeadlinesRequest): Promise<Read<{ now: string; items: UpcomingDeadline[] }>> {
    const freshness = await catchUp(this.readModels);
    const until = request.until === undefined ? Infinity : Date.parse(request.until);
    const query = this.db.getRepository(ConsultationSummaryRow).createQueryBuilder('c')
      .select(['c.id', 'c.title']).where('c.nextDeadlineAt IS NOT NULL');
    // Only consultations whose next deadline is due by then can have any; the next one bounds the rest.
    if (request.until !== undefined) query.andWhere('c.nextDeadlineAt <= :until', { until: new Date(until).toISOString() });
    const items: UpcomingDeadline[] = [];
    for (const row of await query.getMany()) {
      for (const deadline of await this.deadlinesOf(row.id)) {
        if (Date.parse(deadline.dueAt) <= until) {
          items.push({ consultationId: row.id, title: row.title, key: deadline.key, kind: deadline.kind, dueAt: deadline.dueAt, label: deadline.title });
        }
      }
    }
    items.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    return { value: { now: this.now().toISOString(), items }, freshness };
  }
}
