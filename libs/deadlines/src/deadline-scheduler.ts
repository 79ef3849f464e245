import type { AnyMachineSnapshot } from 'xstate';
import { Clock } from '@consult/clock';
import type { NewEvent } from '@consult/event-store';
import { Deadline, WorkflowDefinition, applyEvents } from '@consult/workflows';

/** What the scheduler reads of a consultation: its workflow, its replayed state, its last event's time. */
export interface ScheduledConsultation {
  id: string;
  definition: WorkflowDefinition;
  snapshot: AnyMachineSnapshot;
  lastRecordedAt: string;
}

/** The events a deadline adds, and the state the machine reached on them. */
export interface DeadlineEvents {
  events: NewEvent[];
  snapshot: AnyMachineSnapshot;
}

/**
 * The write side, as the scheduler needs it (libs/consultation's `ConsultationsService` is one):
 * `appendSystemEvents` decides on the consultation's current state and appends what `decide`
 * returns with the command path's expected revision and retries (true when it appended, false for
 * nothing or a duplicate); `eventId` derives the deterministic id the write side gives events
 * made from a key, so two schedulers, or a retry after a crash, fire a deadline once.
 */
export interface SystemEvents {
  appendSystemEvents(id: string, decide: (loaded: ScheduledConsultation) => DeadlineEvents | undefined): Promise<boolean>;
  eventId(...parts: string[]): string;
}

/** The read models the scheduler's queries read, brought up to the store's head. */
export interface ReadModelsCatchUp {
  catchUp(): Promise<unknown>;
}

/** A deadline the scheduler acted on. */
export interface FiredDeadline {
  consultationId: string;
  key: string;
  kind: string;
  dueAt: string;
  event: string;
}

/** The ids of consultations with a deadline due at `now`, earliest first (a read-model query). */
export type DueConsultations = (now: string) => Promise<string[]>;

/** When the earliest deadline of any consultation falls due, or null (a read-model query). */
export type NextDeadlineAt = () => Promise<string | null>;

const SYSTEM_ACTOR = { sub: 'scheduler', role: 'system' as const };
/** Consultations whose deadlines are fired at once (their appends share group commits). */
const CONCURRENCY = 64;

/**
 * Fires durable deadlines: deadlines are data derived from each consultation's state,
 * and when one falls due the scheduler appends the event it names. The event id is
 * derived from the consultation and the deadline's key, so two schedulers (or a retry
 * after a crash) fire it once.
 */
export class DeadlineScheduler {
  constructor(
    private readonly clock: Clock,
    private readonly consultations: SystemEvents,
    private readonly dueConsultations: DueConsultations,
    private readonly projector: ReadModelsCatchUp,
    private readonly nextDeadlineAt: NextDeadlineAt = async () => null,
  ) {}

  /** When the next deadline falls due (as the read models know it), or null. */
  nextDueAt(): Promise<string | null> {
    return this.nextDeadlineAt();
  }

  /**
   * Fires everything due at the clock's current time, in due order per consultation.
   * Consultations are handled concurrently (bounded), so their events share commits.
   * With `settle`, the read models include the fired events before this returns. `at`, when
   * given, is the time to act at instead of the clock's (a manual clock steps through what fell due).
   */
  async runDue(settle = true, at?: string): Promise<FiredDeadline[]> {
    const now = at ?? this.clock.now().toISOString();
    await this.projector.catchUp();
    const due = await this.dueConsultations(now);
    const fired: FiredDeadline[][] = [];
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, async () => {
      while (next < due.length) {
        const index = next++;
        fired[index] = await this.fireFor(due[index], now);
      }
    }));
    const all = fired.flat();
    if (settle && all.length > 0) await this.projector.catchUp();
    return all;
  }

  /** Fires the consultation's due deadlines one by one, each decided on the state the previous one left. */
  private async fireFor(id: string, now: string): Promise<FiredDeadline[]> {
    const fired: FiredDeadline[] = [];
    for (let guard = 0; guard < 100; guard += 1) {
      let next: Deadline | undefined;
      const appended = await this.consultations.appendSystemEvents(id, (loaded) => {
        next = dueDeadline(loaded, now);
        return next && this.decide(loaded, next, now);
      });
      if (!appended || !next) break;
      fired.push({ consultationId: id, key: next.key, kind: next.kind, dueAt: next.dueAt, event: next.event.type });
    }
    return fired;
  }

  /** The deadline's event, if the machine still accepts it (a stale deadline is passed over, not fired). */
  private decide(loaded: ScheduledConsultation, deadline: Deadline, now: string): DeadlineEvents | undefined {
    let refused = false;
    const snapshot = applyEvents(loaded.definition, loaded.snapshot, [deadline.event], () => {
      refused = true;
    });
    return refused ? undefined : { events: [this.eventFor(loaded, deadline.key, deadline.event, deadline.dueAt, now)], snapshot };
  }

  private eventFor(loaded: ScheduledConsultation, key: string, event: { type: string; data: unknown }, dueAt: string, now: string): NewEvent {
    // The fact happened when the deadline fell due; never before the last recorded event.
    const recordedAt = Date.parse(dueAt) >= Date.parse(loaded.lastRecordedAt) ? new Date(dueAt).toISOString() : loaded.lastRecordedAt;
    return {
      id: this.consultations.eventId(loaded.id, 'deadline', key),
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: {
        actor: SYSTEM_ACTOR,
        correlationId: this.consultations.eventId(loaded.id, 'deadline', key, 'correlation'),
        causationId: `deadline:${key}`,
        workflow: `${loaded.definition.name}@${loaded.definition.version}`,
        recordedAt,
        firedAt: now,
        deadline: key,
      },
    };
  }
}

function dueDeadline(loaded: ScheduledConsultation, now: string): Deadline | undefined {
  return loaded.definition.deadlines(loaded.snapshot)
    .filter((deadline) => Date.parse(deadline.dueAt) <= Date.parse(now))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
}
