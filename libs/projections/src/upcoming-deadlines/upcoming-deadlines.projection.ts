import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '@consult/event-store';
import { DeadlineRow, ReminderRow, ReminderTarget, reminderOffsetsOf, reminderTargets, remindersOf, setsTarget } from '@consult/deadlines';
import type { Projection, ReplayedState } from '../projection';
import { ReadModelSql } from '../read-model.sql';

/** Consultations a statement names at most: far below SQLite's and PostgreSQL's parameter limits. */
const IDS_PER_STATEMENT = 500;

/** A consultation's rows as of its last event of a page. */
export interface DeadlinePlan {
  consultationId: string;
  deadlines: DeadlineRow[];
  reminders: ReminderRow[];
}

/**
 * When the target's time was set: the last of `events` (the consultation's, in order) that
 * names it, else what the row kept from an earlier page, else the latest event. Found from
 * the events rather than the page's bounds, so that a page of one event and a rebuild's
 * page of thousands agree (the incremental rows equal the rebuilt ones).
 */
function setAt(target: ReminderTarget, events: readonly StoredEvent[], kept: ReadonlyMap<string, string>): string {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    if (setsTarget(events[i].data, target)) return events[i].metadata.recordedAt;
  }
  return kept.get(target.key) ?? events[events.length - 1].metadata.recordedAt;
}

/**
 * The rows a consultation's state calls for: its targets (with what notifications need of
 * it), and the reminders before them that were ahead when the target's time was set (one
 * already due then was never ahead, and is not created).
 */
export function deadlinePlan(events: readonly StoredEvent[], replayed: ReplayedState, kept: ReadonlyMap<string, string>): DeadlinePlan {
  const { launch, definition, snapshot } = replayed;
  const offsets = reminderOffsetsOf(launch);
  const consultation = {
    consultationId: launch.consultationId, consultationTitle: launch.title, reference: launch.reference ?? null,
    timezone: launch.timezone, eligibleGroups: [...launch.eligibleGroups],
  };
  const plan: DeadlinePlan = { consultationId: launch.consultationId, deadlines: [], reminders: [] };
  for (const target of reminderTargets(definition, snapshot)) {
    const setAtTime = setAt(target, events, kept);
    plan.deadlines.push({
      ...consultation, key: target.key, kind: target.kind, at: target.at, atUtc: new Date(target.at).toISOString(), title: target.title, setAt: setAtTime,
    });
    const since = Date.parse(setAtTime);
    plan.reminders.push(...remindersOf(launch.consultationId, [target], offsets, launch.timezone).filter((r) => Date.parse(r.dueAt) > since));
  }
  return plan;
}

const isConsultationEvent = (event: StoredEvent): boolean => event.stream.startsWith('consultation-');

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_STATEMENT) out.push(items.slice(i, i + IDS_PER_STATEMENT));
  return out;
}

/** When each stored target's time was set, by consultation and key. */
async function keptSetTimes(manager: EntityManager, consultationIds: string[]): Promise<Map<string, Map<string, string>>> {
  const kept = new Map<string, Map<string, string>>(consultationIds.map((id) => [id, new Map()]));
  for (const ids of chunks(consultationIds)) {
    const rows = await manager.getRepository(DeadlineRow).createQueryBuilder('d')
      .select(['d.consultationId', 'd.key', 'd.setAt']).where('d.consultationId IN (:...ids)', { ids }).getMany();
    for (const row of rows) kept.get(row.consultationId)!.set(row.key, row.setAt);
  }
  return kept;
}

async function deleteRowsOf(manager: EntityManager, consultationIds: string[]): Promise<void> {
  for (const ids of chunks(consultationIds)) {
    for (const table of [DeadlineRow, ReminderRow]) {
      await manager.createQueryBuilder().delete().from(table).where('consultationId IN (:...ids)', { ids }).execute();
    }
  }
}

/**
 * `rm_deadline` and `rm_reminder`: each running consultation's reminder targets and the
 * reminders before them, from the state its last event of a page leaves (the workflow's
 * replay). A page replaces a consultation's rows: a moved or cancelled deadline takes its
 * reminders with it. Whether a reminder went out is in `reminder_sent`, which is not
 * this projection's: a rebuild never sends one again.
 */
export const upcomingDeadlinesProjection: Projection = {
  name: 'upcoming-deadlines',
  tables: [DeadlineRow, ReminderRow],
  handles: isConsultationEvent,
  async evolve(manager, events, { replay }) {
    const byStream = new Map<string, StoredEvent[]>();
    for (const event of events) {
      const list = byStream.get(event.stream);
      if (list) list.push(event);
      else byStream.set(event.stream, [event]);
    }
    // Only the last event of each consultation is replayed: the one whose state the rows show.
    const replayed: [StoredEvent[], ReplayedState][] = [];
    for (const list of byStream.values()) replayed.push([list, await replay(list[list.length - 1])]);
    const consultationIds = replayed.map(([, state]) => state.launch.consultationId);
    const kept = await keptSetTimes(manager, consultationIds);
    const plans = replayed.map(([list, state]) => deadlinePlan(list, state, kept.get(state.launch.consultationId)!));
    await deleteRowsOf(manager, consultationIds);
    const sql = new ReadModelSql(manager);
    await sql.upsert(DeadlineRow, plans.flatMap((plan) => plan.deadlines));
    await sql.upsert(ReminderRow, plans.flatMap((plan) => plan.reminders));
  },
};
