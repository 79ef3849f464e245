import { DataSource, LessThanOrEqual } from 'typeorm';
import { Clock } from '@consult/clock';
import { EventStore, NewEvent, WrongExpectedRevision } from '@consult/event-store';
import { ConsultationSummaryRow } from '@consult/projections';
import { ConsultationsService } from './consultations.service';
import { ConsultationCache, LoadedConsultation } from './consultation-cache';
import { idFromKey } from './consultation-stream';
import { ReadModelProjector } from './read-model-projector';

/** A deadline the scheduler acted on. */
export interface FiredDeadline {
  consultationId: string;
  key: string;
  kind: string;
  dueAt: string;
  event: string;
}

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
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly cache: ConsultationCache,
    private readonly consultations: ConsultationsService,
    private readonly db: DataSource,
    private readonly projector: ReadModelProjector,
  ) {}

  /**
   * Fires everything due at the clock's current time, in due order per consultation.
   * Consultations are handled concurrently (bounded), so their events share commits.
   * With `settle`, the read models include the fired events before this returns.
   */
  async runDue(settle = true): Promise<FiredDeadline[]> {
    const now = this.clock.now().toISOString();
    await this.projector.catchUp();
    const due = await this.db.getRepository(ConsultationSummaryRow).find({
      where: { nextDeadlineAt: LessThanOrEqual(now) },
      select: { id: true },
      order: { nextDeadlineAt: 'ASC' },
    });
    const fired: FiredDeadline[][] = [];
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, async () => {
      while (next < due.length) {
        const index = next++;
        fired[index] = await this.fireFor(due[index].id, now);
      }
    }));
    const all = fired.flat();
    if (settle && all.length > 0) await this.projector.catchUp();
    return all;
  }

  private async fireFor(id: string, now: string): Promise<FiredDeadline[]> {
    const fired: FiredDeadline[] = [];
    let fresh = true;
    for (let guard = 0; guard < 100; guard += 1) {
      // After our own append the cache is current; after a conflict it is read again.
      const loaded = await this.cache.load(id, fresh);
      const next = loaded.definition.deadlines(loaded.snapshot)
        .filter((deadline) => Date.parse(deadline.dueAt) <= Date.parse(now))
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
      if (!next) break;
      const event = this.eventFor(loaded, next.key, next.event, next.dueAt, now);
      try {
        const appended = await this.consultations.appendSystemEvents(loaded, [event]);
        if (!appended) break;
        fresh = false;
      } catch (error) {
        if (error instanceof WrongExpectedRevision) {
          fresh = true;
          continue;
        }
        throw error;
      }
      fired.push({ consultationId: id, key: next.key, kind: next.kind, dueAt: next.dueAt, event: next.event.type });
    }
    return fired;
  }

  private eventFor(loaded: LoadedConsultation, key: string, event: { type: string; data: unknown }, dueAt: string, now: string): NewEvent {
    // The fact happened when the deadline fell due; never before the last recorded event.
    const recordedAt = Date.parse(dueAt) >= Date.parse(loaded.lastRecordedAt) ? new Date(dueAt).toISOString() : loaded.lastRecordedAt;
    return {
      id: idFromKey(loaded.id, 'deadline', key),
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: {
        actor: SYSTEM_ACTOR,
        correlationId: idFromKey(loaded.id, 'deadline', key, 'correlation'),
        causationId: `deadline:${key}`,
        workflow: `${loaded.definition.name}@${loaded.definition.version}`,
        recordedAt,
        firedAt: now,
        deadline: key,
      },
    };
  }
}
