import type { StoredEvent } from '@consult/event-store';
import type { LaunchData } from '@consult/workflows';
import type { PhaseConfig } from '@consult/workflows/phased-forum';
import { COUNCIL_APPROVAL_TIMELINE, meetingFormatChanged, roundExtended, type TimelineHandler } from './timeline.council';
import { PHASED_FORUM_TIMELINE, phaseExtended, phaseFormatChanged, plannedPhases } from './timeline.phases';
import { addItem, defined, emptyTimeline, type TimelineFold } from './timeline.state';

const CONSULTATION_STREAM = 'consultation-';

const launched: TimelineHandler<LaunchData & { phases?: PhaseConfig[] }> = (t, fact) => {
  const { workflow, version, title, reference, launchedAt, phases } = fact.data;
  addItem(t, fact, { key: 'launch', kind: 'launch', title, status: 'done', actualAt: launchedAt, detail: defined({ workflow, version, reference }) },
    { change: 'launched', recordedAt: launchedAt });
  if (phases) plannedPhases(t, fact, phases, launchedAt);
};

const withdrawn: TimelineHandler<{ reason: string; withdrawnAt: string }> = (t, fact) =>
  addItem(t, fact, { key: 'withdrawal', kind: 'withdrawal', status: 'done', actualAt: fact.data.withdrawnAt },
    { change: 'withdrawn', recordedAt: fact.data.withdrawnAt, reason: fact.data.reason });

/** Both workflows have these two types, with data of their own: a phase key tells the forum's apart. */
const byPhaseKey = (forum: TimelineHandler, council: TimelineHandler): TimelineHandler => (t, fact) =>
  ('phaseKey' in fact.data ? forum : council)(t, fact);

const HANDLERS: Record<string, TimelineHandler> = {
  ...COUNCIL_APPROVAL_TIMELINE,
  ...PHASED_FORUM_TIMELINE,
  ConsultationLaunched: launched,
  ConsultationWithdrawn: withdrawn,
  DeadlineExtended: byPhaseKey(phaseExtended, roundExtended),
  MeetingFormatChanged: byPhaseKey(phaseFormatChanged, meetingFormatChanged),
};

/** Whether the timeline folds `event`: the consultation events that plan, move or mark something. */
export const isTimelineEvent = (event: StoredEvent): boolean => event.stream.startsWith(CONSULTATION_STREAM) && event.type in HANDLERS;

/** The consultation a consultation event belongs to. */
export const consultationOf = (event: StoredEvent): string => event.stream.slice(CONSULTATION_STREAM.length);

/**
 * The timeline after `event`: a fold over the consultation's own events, whose data carry
 * the new values, the previous ones (or the timeline has them) and the reasons.
 */
export function evolveTimeline(timeline: TimelineFold | null, event: StoredEvent): TimelineFold {
  const next = timeline ?? emptyTimeline(consultationOf(event));
  HANDLERS[event.type]?.(next, { revision: event.revision, data: event.data });
  return next;
}
