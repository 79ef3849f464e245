import { In, type DataSource } from 'typeorm';
import { DeadlineRow } from '@consult/deadlines';
import { ContributionCountRow } from '../contribution-counts/contribution-count.entity';
import type { UpcomingDeadline } from './upcoming-deadlines.query';

/** What a page of consultations shows beside each summary row. */
export interface ConsultationExtras {
  /** Each consultation's upcoming deadlines, soonest first (absent: none), with its time zone. */
  deadlines: Map<string, (UpcomingDeadline & { timezone: string })[]>;
  /** Each consultation's published contributions (absent: none). */
  published: Map<string, number>;
}

/**
 * The upcoming deadlines and published-contribution totals of a page of consultations: two
 * queries for the whole page, never one per row. Reads the read models as they are (the
 * caller's list query has waited for them already).
 */
export class ConsultationExtrasQuery {
  constructor(private readonly db: DataSource, private readonly now: () => Date) {}

  async execute(consultationIds: string[]): Promise<ConsultationExtras> {
    const extras: ConsultationExtras = { deadlines: new Map(), published: new Map() };
    if (consultationIds.length === 0) return extras;
    const [deadlines, counts] = await Promise.all([this.deadlines(consultationIds), this.published(consultationIds)]);
    for (const row of deadlines) {
      const list = extras.deadlines.get(row.consultationId) ?? [];
      list.push({
        consultationId: row.consultationId, title: row.consultationTitle, key: row.key, kind: row.kind,
        dueAt: row.at, label: row.title, timezone: row.timezone,
      });
      extras.deadlines.set(row.consultationId, list);
    }
    for (const row of counts) extras.published.set(row.consultationId, Number(row.published));
    return extras;
  }

  private deadlines(ids: string[]): Promise<DeadlineRow[]> {
    // As UpcomingDeadlinesQuery: a meeting's start is no longer upcoming once past.
    return this.db.getRepository(DeadlineRow).createQueryBuilder('d')
      .where({ consultationId: In(ids) })
      .andWhere('(d.kind <> :meeting OR d.atUtc > :now)', { meeting: 'meeting-starts', now: this.now().toISOString() })
      .orderBy('d.atUtc', 'ASC').addOrderBy('d.key', 'ASC')
      .getMany();
  }

  private published(ids: string[]): Promise<{ consultationId: string; published: number | string }[]> {
    return this.db.getRepository(ContributionCountRow).createQueryBuilder('c')
      .select('c.consultationId', 'consultationId').addSelect('SUM(c.published)', 'published')
      .where({ consultationId: In(ids) })
      .groupBy('c.consultationId')
      .getRawMany();
  }
}
