import type { Clock } from '@consult/clock';
import type { FiredDeadline } from '@consult/deadlines';

/** A reminder the engine sent (or recorded as missed: its deadline had passed before it could go). */
export interface SentReminderReport {
  id: string;
  consultationId: string;
  targetKey: string;
  offset: string;
  dueAt: string;
  late: boolean;
}

/** What the outbox's dispatcher did in one run. */
export interface DeliveriesReport {
  accepted: number;
  retried: number;
  dead: number;
  cancelled: number;
}

/** What one run did. */
export interface DueWorkReport {
  fired: FiredDeadline[];
  reminders: SentReminderReport[];
  deliveries: DeliveriesReport;
}

/** The parts of the background work a run drives, each safe to run in several processes at once. */
export interface BackgroundParts {
  clock: Clock;
  /** Waits until the read models (deadlines and reminders included) hold every stored event. */
  readModelsCaughtUp: () => Promise<void>;
  /** Sends the reminders due at `at` (each once, whichever process claims it). */
  sendReminders: (at: string) => Promise<SentReminderReport[]>;
  /** Fires the deadlines due at `at` and waits for the read models to hold what it appended. */
  fireDeadlines: (at: string) => Promise<FiredDeadline[]>;
  /** The earliest reminder or deadline not done yet, or null. */
  nextDueAt: () => Promise<string | null>;
  /** Waits until every stored event has its notifications. */
  notificationsCaughtUp: () => Promise<void>;
  /** Sends the e-mails and webhooks due at `at` (engine time), each claimed by one process. */
  deliver: (at: string) => Promise<DeliveriesReport>;
}

/** Instants one call steps through before it acts at the clock's time for all that is left. */
const MAX_STEPS = 1000;

const earlier = (a: string, b: string) => Date.parse(a) < Date.parse(b);

/**
 * Does what falls due by the clock's time. On the system clock it acts at `now`: reminders
 * first (while their deadlines are ahead), then the deadlines. On the manual clock, which
 * jumps, it steps through every due instant in order, acting at that instant, as if the time
 * in between had passed: a reminder goes before its deadline fires, and the reminders a fired
 * deadline creates (a new round's) go at their own times.
 */
export class BackgroundWork {
  private running: Promise<DueWorkReport> | undefined;

  constructor(private readonly parts: BackgroundParts) {}

  /**
   * One run at a time in this process; a call during a run waits for it, then runs. `settle`
   * (the manual clock): every notification written and every delivery due tried before it
   * returns, at each instant stepped through. Without it (the system clock's tick) deliveries
   * are left to `deliverDue`, on a loop of their own, so a slow receiver never holds up a deadline.
   */
  async runDue(settle = false): Promise<DueWorkReport> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.run(settle);
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async run(settle: boolean): Promise<DueWorkReport> {
    const report: DueWorkReport = { fired: [], reminders: [], deliveries: { accepted: 0, retried: 0, dead: 0, cancelled: 0 } };
    const now = this.parts.clock.now().toISOString();
    await this.parts.readModelsCaughtUp();
    // Settling, the events already stored have their notices in the outbox before the clock steps:
    // a delivery due now is tried at this instant, not at the next one the step reaches.
    if (settle) await this.parts.notificationsCaughtUp();
    if (this.parts.clock.kind === 'manual') {
      let last: string | undefined;
      for (let step = 0; step < MAX_STEPS; step += 1) {
        const next = await this.parts.nextDueAt();
        // The same instant again: what is left there cannot be done (a deadline the machine no longer accepts).
        if (next === null || !earlier(next, now) || next === last) break;
        await this.actAt(next, report);
        if (settle) await this.deliverAt(next, report);
        last = next;
      }
    }
    await this.actAt(now, report);
    if (settle) await this.deliverAt(now, report);
    return report;
  }

  /**
   * The outbox at `at`: what the reminders and events just produced, and retries that fell due.
   * The events' notifications are written first.
   */
  private async deliverAt(at: string, report: DueWorkReport): Promise<void> {
    await this.parts.notificationsCaughtUp();
    const sent = await this.parts.deliver(at);
    report.deliveries.accepted += sent.accepted;
    report.deliveries.retried += sent.retried;
    report.deliveries.dead += sent.dead;
    report.deliveries.cancelled += sent.cancelled;
  }

  /** The deliveries due at the clock's time (the system clock's delivery loop). */
  deliverDue(): Promise<DeliveriesReport> {
    return this.parts.deliver(this.parts.clock.now().toISOString());
  }

  /** Reminders, then deadlines, at `at`, until neither finds more to do there. */
  private async actAt(at: string, report: DueWorkReport): Promise<void> {
    for (let pass = 0; pass < 10; pass += 1) {
      const reminders = await this.parts.sendReminders(at);
      const fired = await this.parts.fireDeadlines(at);
      report.reminders.push(...reminders);
      report.fired.push(...fired);
      if (reminders.length === 0 && fired.length === 0) return;
    }
  }
}
