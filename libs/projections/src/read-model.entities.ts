import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ConsultationSummaryRow } from './consultation-summary/consultation-summary.entity';
import { ContributionRow } from './contributions/contribution.entity';

export { ConsultationSummaryRow } from './consultation-summary/consultation-summary.entity';
export { ContributionRow } from './contributions/contribution.entity';

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

export const READ_MODEL_ENTITIES = [ConsultationSummaryRow, ContributionRow, CheckpointRow, ParkedEventRow];
