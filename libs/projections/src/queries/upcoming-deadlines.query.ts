import { IsOptional } from 'class-validator';
import type { DataSource } from 'typeorm';
import { DeadlineRow } from '@consult/deadlines';
import { IsInstant } from '@consult/workflows';
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

/**
 * Upcoming deadlines, soonest first, from `rm_deadline` (the `upcoming-deadlines`
 * projection): open rounds' closings, phase ends still ahead, and meeting starts not yet
 * past. A closing or phase end stays listed until the workflow acts on it.
 */
export class UpcomingDeadlinesQuery {
  constructor(
    private readonly db: DataSource,
    private readonly readModels: ReadModelsCatchUp,
    private readonly now: () => Date,
  ) {}

  async execute(request: UpcomingDeadlinesRequest): Promise<Read<{ now: string; items: UpcomingDeadline[] }>> {
    const freshness = await catchUp(this.readModels);
    const now = this.now().toISOString();
    // A meeting nobody has marked as held is still planned, but its start is not upcoming once past.
    const query = this.db.getRepository(DeadlineRow).createQueryBuilder('d')
      .where('(d.kind <> :meeting OR d.atUtc > :now)', { meeting: 'meeting-starts', now })
      .orderBy('d.atUtc', 'ASC').addOrderBy('d.consultationId', 'ASC').addOrderBy('d.key', 'ASC');
    if (request.until !== undefined) query.andWhere('d.atUtc <= :until', { until: new Date(request.until).toISOString() });
    const items = (await query.getMany()).map((row): UpcomingDeadline => ({
      consultationId: row.consultationId, title: row.consultationTitle, key: row.key, kind: row.kind, dueAt: row.at, label: row.title,
    }));
    return { value: { now, items }, freshness };
  }
}
