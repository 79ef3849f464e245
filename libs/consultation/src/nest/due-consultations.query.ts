import { DataSource, LessThanOrEqual } from 'typeorm';
import { ConsultationSummaryRow } from '@consult/projections';
import type { DueConsultations, NextDeadlineAt } from '@consult/deadlines';

/** The scheduler's read-model query, on the summary table's `nextDeadlineAt` index. */
export function dueConsultationsIn(db: DataSource): DueConsultations {
  return async (now) => {
    const rows = await db.getRepository(ConsultationSummaryRow).find({
      where: { nextDeadlineAt: LessThanOrEqual(now) },
      select: { id: true },
      order: { nextDeadlineAt: 'ASC' },
    });
    return rows.map((row) => row.id);
  };
}

/** The earliest `nextDeadlineAt` of the summary table. */
export function nextDeadlineIn(db: DataSource): NextDeadlineAt {
  return async () => {
    const row = await db.getRepository(ConsultationSummaryRow).createQueryBuilder('s')
      .select('MIN(s.nextDeadlineAt)', 'next').getRawOne<{ next: string | null }>();
    return row?.next ?? null;
  };
}
