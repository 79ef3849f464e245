import { DataSource, LessThanOrEqual } from 'typeorm';
import { ConsultationSummaryRow } from '@consult/projections';
import type { DueConsultations } from '../deadline-scheduler';

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
