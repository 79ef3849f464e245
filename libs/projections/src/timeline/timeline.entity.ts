import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One milestone, meeting, round, phase or Council consideration of a consultation, as planned
 * now (`plannedAt`), as first planned (`originalAt`) and as it happened (`actualAt`).
 */
@Entity('rm_timeline_item')
@Index(['consultationId', 'sortAt'])
export class TimelineItemRow {
  @PrimaryColumn('varchar', { length: 64 }) consultationId: string;
  /** Stable within the consultation: `meeting:<id>`, `round:<n>`, `phase:<key>`, `council:<n>`, ... */
  @PrimaryColumn('varchar', { length: 160 }) key: string;
  @Column('varchar', { length: 32 }) kind: string;
  /** A title in several languages where the events give one (launch, phases); the dashboard words the rest. */
  @Column('simple-json', { nullable: true }) title: Record<string, string> | null;
  @Column('varchar', { length: 40, nullable: true }) plannedAt: string | null;
  @Column('varchar', { length: 40, nullable: true }) plannedEndsAt: string | null;
  @Column('varchar', { length: 40, nullable: true }) originalAt: string | null;
  @Column('varchar', { length: 40, nullable: true }) originalEndsAt: string | null;
  @Column('varchar', { length: 40, nullable: true }) actualAt: string | null;
  @Column('varchar', { length: 40, nullable: true }) actualEndsAt: string | null;
  @Column('varchar', { length: 16 }) status: string;
  @Column('varchar', { length: 16, nullable: true }) format: string | null;
  @Column('varchar', { nullable: true }) location: string | null;
  /** What only some kinds have: session, document references, participants, outcome, round number, ... */
  @Column('simple-json') detail: Record<string, unknown>;
  /** `actualAt`, else `plannedAt`, in UTC: the timeline's order. */
  @Column('varchar', { length: 40 }) sortAt: string;
  /** The stream revision of the latest event that changed it: a late (retried) event never takes it back. */
  @Column('int') revision: number;
}

/** One change to a timeline item, with what it was before and after, its reason, and when it was recorded. */
@Entity('rm_timeline_change')
export class TimelineChangeRow {
  @PrimaryColumn('varchar', { length: 64 }) consultationId: string;
  /** The stream revision of the event: one event may change two items (a phase ends, the next starts). */
  @PrimaryColumn('int') revision: number;
  @PrimaryColumn('varchar', { length: 160 }) itemKey: string;
  @Column('varchar', { length: 32 }) change: string;
  @Column('simple-json', { nullable: true }) before: Record<string, unknown> | null;
  @Column('simple-json', { nullable: true }) after: Record<string, unknown> | null;
  @Column('text', { nullable: true }) reason: string | null;
  /** Done by the scheduler at a planned time rather than by the secretariat. */
  @Column('boolean', { default: false }) automatic: boolean;
  @Column('varchar', { length: 40 }) recordedAt: string;
}
