import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ConsultationRef } from '@consult/notifications';
import type { Reminder } from '../reminders';
import { DeadlineRow } from './deadline.entity';
import { ReminderRow } from './reminder.entity';
import { ReminderSentRow } from './reminder-sent.entity';

/** Reminders claimed in one transaction at most: bounded statements, bounded work lost to a crash. */
export const REMINDER_BATCH = 1000;

/** A reminder that fell due, as `remind` gets it to notify the consultation's subscribers. */
export interface DueReminder extends Omit<Reminder, 'consultationId'> {
  consultation: ConsultationRef;
  /** Sent later than `lateAfterMs` after its due time (the engine was down, or behind). */
  late: boolean;
}

/** What `remind` does with the reminders this scheduler won, on the claim's transaction. */
export type Remind = (manager: EntityManager, due: DueReminder[]) => Promise<void>;

interface DueRow extends ReminderRow, Omit<DeadlineRow, 'consultationId' | 'key' | 'kind' | 'at' | 'atUtc' | 'title'> {}

/**
 * Sends what falls due of `rm_reminder`, exactly once whatever the number of processes: a
 * batch is claimed by inserting its `reminder_sent` rows, and `remind` runs on the same
 * transaction, so a crash rolls both back and another process takes the batch over. A
 * reminder whose deadline has already passed (after downtime) is recorded `missed`, not sent.
 */
export class ReminderScheduler {
  /** `batchSize`: reminders claimed per transaction (smaller in tests, to make claimers meet). */
  constructor(private readonly db: DataSource, private readonly batchSize = REMINDER_BATCH) {}

  /** Claims and sends, batch after batch, every reminder due at `now`; returns those it sent. */
  async runDue(now: string, options: { lateAfterMs: number }, remind: Remind): Promise<DueReminder[]> {
    const at = new Date(now).toISOString();
    const sent: DueReminder[] = [];
    for (;;) {
      const batch = await this.db.transaction((manager) => this.claimBatch(manager, at, options.lateAfterMs, remind));
      if (batch === null) return sent;
      sent.push(...batch);
    }
  }

  /** When the next reminder not yet claimed falls due (UTC), or null: how long a worker may sleep. */
  async nextDueAt(): Promise<string | null> {
    const sql = new Sql(this.db.manager);
    const [row] = await this.db.query(
      `SELECT r.${sql.col('dueAt')} AS "dueAt" FROM ${sql.table(ReminderRow)} r LEFT JOIN ${sql.table(ReminderSentRow)} s ON s.${sql.col('id')} = r.${sql.col('id')} ` +
      `WHERE s.${sql.col('id')} IS NULL ORDER BY r.${sql.col('dueAt')} LIMIT 1`,
    );
    return (row?.dueAt as string | undefined) ?? null;
  }

  /** One batch: null when nothing is due; else what this transaction won and sent (perhaps nothing: another process won). */
  private async claimBatch(manager: EntityManager, now: string, lateAfterMs: number, remind: Remind): Promise<DueReminder[] | null> {
    const due = await this.dueRows(manager, now);
    if (due.length === 0) return null;
    const won = new Set(await this.claim(manager, due, now, lateAfterMs));
    const winners = due.filter((row) => won.has(row.id) && !passed(row, now)).map((row) => dueReminder(row, now, lateAfterMs));
    if (winners.length > 0) await remind(manager, winners);
    return winners;
  }

  private async dueRows(manager: EntityManager, now: string): Promise<DueRow[]> {
    const sql = new Sql(manager);
    const [r, d, s] = [sql.table(ReminderRow), sql.table(DeadlineRow), sql.table(ReminderSentRow)];
    const columns = ['id', 'consultationId', 'targetKey', 'targetKind', 'targetAt', 'targetTitle', 'targetName', 'offset', 'dueAt'].map((c) => `r.${sql.col(c)}`);
    const consultation = ['consultationTitle', 'reference', 'timezone', 'eligibleGroups'].map((c) => `d.${sql.col(c)}`);
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${[...columns, ...consultation].join(', ')} FROM ${r} r ` +
      `JOIN ${d} d ON d.${sql.col('consultationId')} = r.${sql.col('consultationId')} AND d.${sql.col('key')} = r.${sql.col('targetKey')} ` +
      `LEFT JOIN ${s} s ON s.${sql.col('id')} = r.${sql.col('id')} ` +
      `WHERE r.${sql.col('dueAt')} <= ${sql.param(1)} AND s.${sql.col('id')} IS NULL ORDER BY r.${sql.col('id')} LIMIT ${this.batchSize}`,
      [now],
    );
    return rows.map((row) => ({
      ...row, consultationTitle: parsed(row.consultationTitle), eligibleGroups: parsed(row.eligibleGroups), targetName: parsed(row.targetName) ?? null,
    }) as DueRow);
  }

  /**
   * Inserts the batch's `reminder_sent` rows (ids sorted: two claimers lock in the same
   * order and never deadlock) and returns the ids this transaction inserted. On
   * PostgreSQL a concurrent claimer's insert waits for this transaction and then does nothing.
   */
  private async claim(manager: EntityManager, due: DueRow[], now: string, lateAfterMs: number): Promise<string[]> {
    const sql = new Sql(manager);
    const params: unknown[] = [];
    const values = [...due].sort((a, b) => (a.id < b.id ? -1 : 1)).map((row) => {
      params.push(row.id, passed(row, now) ? 'missed' : 'sent', sql.bool(isLate(row, now, lateAfterMs)), now);
      const n = params.length;
      return `(${sql.param(n - 3)}, ${sql.param(n - 2)}, ${sql.param(n - 1)}, ${sql.param(n)})`;
    });
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO ${sql.table(ReminderSentRow)} (${['id', 'status', 'late', 'sentAt'].map((c) => sql.col(c)).join(', ')}) ` +
      `VALUES ${values.join(', ')} ON CONFLICT DO NOTHING RETURNING ${sql.col('id')} AS "id"`,
      params,
    );
    return inserted.map((row) => row.id);
  }
}

/** Its deadline has passed: too late to remind anyone of it. */
const passed = (row: DueRow, now: string): boolean => Date.parse(row.targetAt) <= Date.parse(now);

const isLate = (row: DueRow, now: string, lateAfterMs: number): boolean => Date.parse(now) - Date.parse(row.dueAt) > lateAfterMs;

const parsed = (value: unknown): any => (typeof value === 'string' ? JSON.parse(value) : value);

function dueReminder(row: DueRow, now: string, lateAfterMs: number): DueReminder {
  return {
    id: row.id, targetKey: row.targetKey, targetKind: row.targetKind as DueReminder['targetKind'], targetAt: row.targetAt, targetTitle: row.targetTitle,
    targetName: row.targetName ?? row.targetTitle,
    offset: row.offset, dueAt: row.dueAt, late: isLate(row, now, lateAfterMs),
    consultation: {
      id: row.consultationId, title: row.consultationTitle, reference: row.reference, timezone: row.timezone, eligibleGroups: row.eligibleGroups,
    },
  };
}

/** Plain SQL spelt for the connection's dialect: placeholders, quoted names, schema-qualified tables. */
class Sql {
  private readonly postgres: boolean;

  constructor(private readonly manager: EntityManager) {
    this.postgres = manager.connection.driver.options.type === 'postgres';
  }

  param(n: number): string {
    return this.postgres ? `$${n}` : '?';
  }

  bool(value: boolean): boolean | number {
    return this.postgres ? value : value ? 1 : 0;
  }

  col(name: string): string {
    return this.manager.connection.driver.escape(name);
  }

  table(entity: EntityTarget<ObjectLiteral>): string {
    return this.manager.connection.getMetadata(entity).tablePath.split('.').map((part) => this.col(part)).join('.');
  }
}
