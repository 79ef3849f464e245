import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * `rm_deadline` (projection `upcoming-deadlines`, rebuildable): one row per reminder target
 * of a running consultation, with what a notification needs to know of the consultation.
 */
@Entity('rm_deadline')
export class DeadlineRow {
  @PrimaryColumn('varchar', { length: 64 }) consultationId: string;
  @PrimaryColumn('varchar', { length: 255 }) key: string;
  @Column('varchar', { length: 32 }) kind: string;
  /** The instant as the workflow spells it (what `GET /api/deadlines` shows). */
  @Column('varchar', { length: 40 }) at: string;
  // `GET /api/deadlines?until=` filters and sorts by it: UTC, so text order is time order.
  @Index() @Column('varchar', { length: 40 }) atUtc: string;
  @Column('varchar') title: string;
  /** When the target's time was set (the recordedAt of the event naming it): reminders due by then are not created. */
  @Column('varchar', { length: 40 }) setAt: string;
  @Column('simple-json') consultationTitle: Record<string, string>;
  @Column('varchar', { nullable: true }) reference: string | null;
  @Column('varchar', { length: 64 }) timezone: string;
  @Column('simple-json') eligibleGroups: string[];
}
