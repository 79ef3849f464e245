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
  title: string;
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
    .map((deadline) => ({ key: deadline.key, kind: 'consultation-closes', at: deadline.dueAt, title: deadline.title ?? 'Consultation closes' }));
}

/** Every phase end still ahead, not only the current phase's: a reminder a week before the next one may fall now. */
function phaseEnds(view: ConsultationView): ReminderTarget[] {
  const phases = Array.isArray(view.phases) ? (view.phases as PhaseOfView[]) : [];
  return phases.filter((phase) => phase.status !== 'ended').map((phase) => ({
    // The workflow's own deadline key for the current phase's end.
    key: `phase-ends:${phase.key}:${phase.endsAt}`, kind: 'phase-ends', at: phase.endsAt, title: `${english(phase.title)} ends`,
  }));
}

function meetingStarts(view: ConsultationView): ReminderTarget[] {
  return view.meetings.filter((meeting) => meeting.status === 'scheduled').map((meeting) => ({
    key: `meeting-starts:${meeting.id}:${meeting.startsAt}`, kind: 'meeting-starts', at: meeting.startsAt,
    title: `${meeting.title ?? `Meeting ${meeting.id}`} starts`,
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
