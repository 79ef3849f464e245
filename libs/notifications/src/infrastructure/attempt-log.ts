import type { DataSource } from 'typeorm';
import type { ClaimedDelivery } from './delivery-claims';
import { sqliteBookkeeping } from './bookkeeping-thread';
import type { AttemptRecord } from './sqlite-bookkeeping';
import { deterministicId } from './deterministic-id';

/** What became of one try, as it is recorded. */
export interface RecordedAttempt {
  outcome: 'accepted' | 'retry' | 'failed-permanently';
  error?: string;
  status: 'sent' | 'failed' | 'dead' | 'cancelled';
  nextAttemptAt?: string;
}

/** One try to record: the delivery as claimed, when, and what became of it. */
export interface AttemptEntry {
  delivery: ClaimedDelivery;
  at: string;
  attempt: RecordedAttempt;
}

/** A try's attempt row (none for a cancelled delivery: nothing was tried) and its delivery's new state. */
export function attemptRecordOf({ delivery, at, attempt }: AttemptEntry): AttemptRecord {
  const tried = attempt.status !== 'cancelled';
  const number = delivery.attempts + 1;
  return {
    attemptId: tried ? deterministicId(delivery.id, String(number), 'attempt') : null,
    deliveryId: delivery.id, attempts: tried ? number : delivery.attempts, at, outcome: attempt.outcome, error: attempt.error ?? null,
    status: attempt.status, nextAttemptAt: attempt.nextAttemptAt ?? at, sentAt: attempt.status === 'sent' ? at : null,
  };
}

/**
 * Records tries and the deliveries' new states on SQLite, releasing their claims, all kept or
 * none (a delivery not recorded is sent again once its claim lapses): one transaction, a
 * multi-row INSERT and one UPDATE per distinct new state. (PostgreSQL records in the claim's own
 * transaction: postgres-claims.ts.)
 */
export async function recordAttempts(db: DataSource, entries: readonly AttemptEntry[]): Promise<void> {
  // Committed without waiting for the disk (see bookkeeping.ts): a try lost with the last records is sent again, with the same id.
  await sqliteBookkeeping(db).record(entries.map(attemptRecordOf));
}

/**
 * Records tries in groups, on SQLite: a commit shared by many deliveries instead of paid by each.
 * A group is written once `groupSize` tries wait, or on `flush`; up to `writers` groups are
 * written at once (queued on the bookkeeping thread), and while they commit the next gathers. On
 * the DataSource's own connection, whose commits block the thread, tries gather only between
 * commits, so waiting for a group is what makes them share one. `record` resolves once kept.
 */
export class AttemptLog {
  private waiting: { entries: readonly AttemptEntry[]; kept: () => void; failed: (error: unknown) => void }[] = [];
  private waitingTries = 0;
  private writes = 0;
  private flushWanted = false;

  constructor(private readonly db: DataSource, private readonly groupSize: number, private readonly writers = 1) {}

  record(entries: readonly AttemptEntry[]): Promise<void> {
    const kept = new Promise<void>((resolve, reject) => this.waiting.push({ entries, kept: resolve, failed: reject }));
    this.waitingTries += entries.length;
    if (this.waitingTries >= this.groupSize) this.flush();
    return kept;
  }

  /** Writes what waits now, or as soon as a group being written is kept. */
  flush(): void {
    if (this.writes >= this.writers) {
      this.flushWanted = true;
      return;
    }
    if (this.waiting.length === 0) return;
    this.flushWanted = false;
    this.writes += 1;
    const group = this.waiting.splice(0);
    this.waitingTries = 0;
    void this.keep(group).finally(() => {
      this.writes -= 1;
      if (this.flushWanted || this.waitingTries >= this.groupSize) this.flush();
    });
  }

  /** One transaction for the group; if it fails, each of its tries alone, so that one bad try (say, recorded meanwhile by a dispatcher whose claim came after ours lapsed) does not undo the others. */
  private async keep(group: AttemptLog['waiting']): Promise<void> {
    try {
      await recordAttempts(this.db, group.flatMap((g) => g.entries));
      group.forEach((g) => g.kept());
    } catch (error) {
      if (group.length === 1) return group[0].failed(error);
      for (const one of group) await this.keep([one]);
    }
  }
}
