import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per consultation, for lists and dashboards. */
@Entity('rm_consultation_summary')
export class ConsultationSummaryRow {
  @PrimaryColumn('varchar', { length: 64 }) id: string;
  @Index() @Column('varchar', { length: 64 }) workflow: string;
  @Column('int') workflowVersion: number;
  @Column('simple-json') title: Record<string, string>;
  @Column('varchar', { nullable: true }) reference: string | null;
  @Index() @Column('varchar', { length: 64 }) state: string;
  @Column('varchar', { nullable: true }) phase: string | null;
  @Column('simple-json') eligibleGroups: string[];
  @Column('varchar', { length: 40 }) launchedAt: string;
  @Column('varchar', { length: 40 }) updatedAt: string;
  @Column('int') version: number;
  // The deadline sweep asks for the rows due every second: it must not scan the table.
  @Index() @Column('varchar', { length: 40, nullable: true }) nextDeadlineAt: string | null;
  @Column('int', { default: 0 }) contributions: number;
}

/** One row per contribution; `published` rows are what the public reads. */
@Entity('rm_contribution')
@Index(['consultationId', 'submittedAt'])
export class ContributionRow {
  @PrimaryColumn('varchar', { length: 64 }) id: string;
  @Column('varchar', { length: 64 }) consultationId: string;
  @Column('varchar', { length: 32 }) kind: string;
  @Column('varchar', { nullable: true }) section: string | null;
  @Column('text') text: string;
  @Column('varchar', { length: 16 }) language: string;
  @Column('varchar', { length: 8, nullable: true }) action: string | null;
  @Column('varchar', { nullable: true }) target: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('varchar') authorSub: string;
  @Column('varchar', { nullable: true }) authorName: string | null;
  @Column('varchar', { nullable: true }) authorGroup: string | null;
  @Column('varchar', { nullable: true }) authorOrg: string | null;
  @Column('varchar', { length: 40 }) submittedAt: string;
  @Column('boolean', { default: false }) published: boolean;
  @Column('varchar', { length: 40, nullable: true }) publishedAt: string | null;
}

/** How far each projection has read the store. */
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
