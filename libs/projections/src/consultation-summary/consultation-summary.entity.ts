import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per consultation, for lists and dashboards. A list filtered by state or workflow walks
 * that filter's rows newest first: with an index on the state alone the planner took its rows and
 * sorted them all (10,000 open consultations: 8 ms a query, and 24 ms a dashboard page).
 */
@Entity('rm_consultation_summary')
@Index(['state', 'launchedAt'])
@Index(['workflow', 'launchedAt'])
export class ConsultationSummaryRow {
  @PrimaryColumn('varchar', { length: 64 }) id: string;
  @Column('varchar', { length: 64 }) workflow: string;
  @Column('int') workflowVersion: number;
  @Column('simple-json') title: Record<string, string>;
  @Column('varchar', { nullable: true }) reference: string | null;
  @Column('varchar', { length: 64 }) state: string;
  @Column('varchar', { nullable: true }) phase: string | null;
  @Column('simple-json') eligibleGroups: string[];
  // Lists are newest first, paged: with 10,000 consultations a sort of the whole table took 45-90 ms a page.
  @Index() @Column('varchar', { length: 40 }) launchedAt: string;
  @Column('varchar', { length: 40 }) updatedAt: string;
  @Column('int') version: number;
  // The deadline sweep asks for the rows due every second: it must not scan the table.
  @Index() @Column('varchar', { length: 40, nullable: true }) nextDeadlineAt: string | null;
  @Column('int', { default: 0 }) contributions: number;
  /**
   * The titles' texts and the reference, lower-cased (`searchText`), which `?q=` matches: one
   * LIKE a row rather than unpacking the titles' JSON for each (all 10,000 consultations of the
   * pages benchmark matching took 28 ms a page that way). Never selected for lists: it is not
   * part of what the API returns. Null on rows written before it existed, which the search
   * reads the old way until the row's next event or a rebuild.
   */
  @Column('text', { nullable: true, select: false }) search?: string | null;
}

/** What `?q=` looks in: every title's text and the reference, lower-cased, one per line. */
export function searchText(title: Record<string, string>, reference: string | null | undefined): string {
  const texts = Object.values(title);
  if (reference) texts.push(reference);
  return texts.join('\n').toLowerCase();
}
