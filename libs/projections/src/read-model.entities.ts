import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ConsultationSummaryRow } from './consultation-summary/consultation-summary.entity';
import { ContributionRow } from './contributions/contribution.entity';
import { TimelineChangeRow, TimelineItemRow } from './timeline/timeline.entity';
import { ContributionCountRow, CountedContributionRow } from './contribution-counts/contribution-count.entity';
import { DeadlineRow, ReminderRow, ReminderSentRow } from '@consult/deadlines';
import { NOTIFICATION_ENTITIES } from '@consult/notifications/entities';

export { ConsultationSummaryRow } from './consultation-summary/consultation-summary.entity';
export { ContributionRow } from './contributions/contribution.entity';
export { TimelineChangeRow, TimelineItemRow } from './timeline/timeline.entity';
export { ContributionCountRow, CountedContributionRow } from './contribution-counts/contribution-count.entity';

/** How far each projection has read the store: one row a projection, by its name. */
@Entity('rm_checkpoint')
export class CheckpointRow {
  @PrimaryColumn('varchar', { length: 64 }) name: string;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } }) position: number;
}

/**
 * An event a projection could not apply: recorded with its error, skipped so the others go
 * on, and applied again by `retryParkedEvents` (`consult projections retry`).
 */
@Entity('rm_parked_event')
export class ParkedEventRow {
  @PrimaryColumn('varchar', { length: 64 }) projection: string;
  @PrimaryColumn('bigint', { transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } }) position: number;
  @Column('varchar') stream: string;
  @Column('varchar') eventId: string;
  @Column('varchar') type: string;
  @Column('text') error: string;
  @Column('varchar', { length: 40 }) firstFailedAt: string;
  @Column('varchar', { length: 40 }) lastFailedAt: string;
  @Column('int') attempts: number;
}

/**
 * Every table of the read-model database: the read models (rebuildable), and the engine state
 * kept beside them that no rebuild touches (subscriptions, notifications and their outbox, sent reminders).
 */
export const READ_MODEL_ENTITIES = [
  ConsultationSummaryRow, ContributionRow, CheckpointRow, ParkedEventRow,
  TimelineItemRow, TimelineChangeRow, ContributionCountRow, CountedContributionRow,
  DeadlineRow, ReminderRow, ReminderSentRow, ...NOTIFICATION_ENTITIES,
];
