import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * `reminder_sent` (engine state, never emptied by a rebuild): a reminder's claim. Its
 * primary key is what makes a reminder go out once, whatever the number of schedulers.
 */
@Entity('reminder_sent')
export class ReminderSentRow {
  /** The reminder's id (`rm_reminder.id`). */
  @PrimaryColumn('varchar', { length: 64 }) id: string;
  /** `missed`: its deadline had passed when it fell due to be sent (after downtime), so it was not sent. */
  @Column('varchar', { length: 8 }) status: 'sent' | 'missed';
  /** Sent later than the scheduler's tolerance after its due time. */
  @Column('boolean') late: boolean;
  @Column('varchar', { length: 40 }) sentAt: string;
}
