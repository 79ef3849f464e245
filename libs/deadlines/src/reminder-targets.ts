import type { AnyMachineSnapshot } from 'xstate';
import type { ConsultationView, WorkflowDefinition } from '@consult/workflows';

/** The kinds of deadline a reminder is sent before. */
export type ReminderTargetKind = 'consultation-closes' | 'phase-ends' | 'meeting-starts';

/**
 * A deadline reminders are sent before. The key embeds the time, so a moved deadline is
 * a new target: the old one's reminders go with it and never fire.
 */
export interface ReminderTarget {
  key: string;
  kind: ReminderTargetKind;
  /** The instant, as the workflow spells it. */
  at: string;
  /** What the deadline API calls it, in English (`Open call ends`, `Meeting m1 starts`). */
  title: string;
  /**
   * The phase's or meeting's own name, which each language's reminder puts in its own words
   * ("End of phase: {name}"): the phase's title in every language it has, a meeting's title or
   * else its id. For a round's closing, its title (reminders name the consultation instead).
   */
  name: string | Record<string, string>;
  /** The meeting's id or the phase's key (absent for a round's closing): what an event moving the target names. */
  subject?: string;
}

/** A phase as a phased forum's view lists it (`view.phases`). */
interface PhaseOfView {
  key: string;
  title: Record<string, string>;
  endsAt: string;
  status: 'pending' | 'current' | 'ended';
}

/** States a consultation ends in: nothing is ahead of them. */
const FINISHED = ['withdrawn', 'approved', 'concluded'];

const english = (text: Record<string, string>): string => text.en ?? Object.values(text)[0] ?? '';

function roundClosings(definition: WorkflowDefinition, snapshot: AnyMachineSnapshot): ReminderTarget[] {
  return definition.deadlines(snapshot)
    .filter((deadline) => deadline.kind === 'consultation-closes')
    .map((deadline): ReminderTarget => ({ key: deadline.key, kind: 'consultation-closes', at: deadline.dueAt, title: deadline.title ?? 'Consultation closes', name: deadline.title ?? 'Consultation closes' }));
}

/** Every phase end still ahead, not only the current phase's: a reminder a week before the next one may fall now. */
function phaseEnds(view: ConsultationView): ReminderTarget[] {
  const phases = Array.isArray(view.phases) ? (view.phases as PhaseOfView[]) : [];
  return phases.filter((phase) => phase.status !== 'ended').map((phase) => ({
    // The workflow's own deadline key for the current phase's end.
    key: `phase-ends:${phase.key}:${phase.endsAt}`, kind: 'phase-ends', at: phase.endsAt, title: `${english(phase.title)} ends`, name: phase.title, subject: phase.key,
  }));
}

function meetingStarts(view: ConsultationView): ReminderTarget[] {
  return view.meetings.filter((meeting) => meeting.status === 'scheduled').map((meeting) => ({
    key: `meeting-starts:${meeting.id}:${meeting.startsAt}`, kind: 'meeting-starts', at: meeting.startsAt,
    title: `${meeting.title ?? `Meeting ${meeting.id}`} starts`, name: meeting.title ?? meeting.id, subject: meeting.id,
  }));
}

/**
 * The deadlines of a consultation's current state that reminders are sent before: the open
 * round's closing, every phase end still ahead, every scheduled (not yet held) meeting's
 * start. None once the consultation is finished.
 */
export function reminderTargets(definition: WorkflowDefinition, snapshot: AnyMachineSnapshot): ReminderTarget[] {
  if (snapshot.status !== 'active' || FINISHED.includes(String(snapshot.value))) return [];
  const view = definition.view(snapshot);
  const targets = [...roundClosings(definition, snapshot), ...phaseEnds(view), ...meetingStarts(view)];
  return [...new Map(targets.map((target) => [target.key, target])).values()];
}

/** Whether `value`, or any value nested in it, is `text`. */
function holds(value: unknown, text: string): boolean {
  if (value === text) return true;
  if (typeof value !== 'object' || value === null) return false;
  // A loop rather than Object.values(...).some(...): every event of a page is searched on a rebuild.
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) if (holds(object[key], text)) return true;
  return false;
}

/**
 * Whether an event's data could be what set the target's time: it names that instant (as
 * the workflow spells it, which is how the event gave it) and the meeting or phase. An
 * opening or extension names the closing, a (re)scheduling the start, a launch its phases.
 */
export function setsTarget(data: unknown, target: ReminderTarget): boolean {
  return holds(data, target.at) && (target.subject === undefined || holds(data, target.subject));
}
