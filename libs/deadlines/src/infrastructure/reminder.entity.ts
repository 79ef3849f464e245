import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * `rm_reminder` (projection `upcoming-deadlines`, rebuildable): one row per reminder still
 * part of a consultation's plan. Whether it was sent lives in `reminder_sent`, which a
 * rebuild never empties.
 */
@Entity('rm_reminder')
export class ReminderRow {
  /** Deterministic (`reminderId`): the same consultation, target and offset always give the same id. */
  @PrimaryColumn('varchar', { length: 64 }) id: string;
  @Index() @Column('varchar', { length: 64 }) consultationId: string;
  @Column('varchar', { length: 255 }) targetKey: string;
  @Column('varchar', { length: 32 }) targetKind: string;
  /** UTC. */
  @Column('varchar', { length: 40 }) targetAt: string;
  @Column('varchar') targetTitle: string;
  /** Null on rows planned before it existed: their reminders name the target by `targetTitle`, in English. */
  @Column('simple-json', { nullable: true }) targetName: string | Record<string, string> | null;
  @Column('varchar', { length: 40 }) offset: string;
  // The scheduler asks for the reminders due every few seconds: it must not scan the table. UTC.
  @Index() @Column('varchar', { length: 40 }) dueAt: string;
}
