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
  // Lists are newest first, paged: with 10,000 consultations a sort of the whole table took 45-90 ms a page.
  @Index() @Column('varchar', { length: 40 }) launchedAt: string;
  @Column('varchar', { length: 40 }) updatedAt: string;
  @Column('int') version: number;
  // The deadline sweep asks for the rows due every second: it must not scan the table.
  @Index() @Column('varchar', { length: 40, nullable: true }) nextDeadlineAt: string | null;
  @Column('int', { default: 0 }) contributions: number;
}
