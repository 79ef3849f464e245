import type { LaunchData } from '@consult/workflows';
import type { ConsultationRef, NotificationContent } from '../notification.types';
import * as council from './council-approval.content';
import { text } from './content-params';
import * as forum from './phased-forum.content';

/** A stored consultation event as far as notifications read it (a `StoredEvent` fits). */
export interface ConsultationEventLike {
  type: string;
  data: Record<string, unknown>;
  metadata?: unknown;
  position?: number;
}

type Mapper = (data: any, consultation: ConsultationRef, launch?: LaunchData) => NotificationContent[];

/** Both workflows name a phase in their variants of these events; council-approval's do not. */
const concernsPhase = (data: Record<string, unknown>) => typeof data.phaseKey === 'string';

const launched: Mapper = (d: LaunchData, consultation) => [{
  type: 'consultation.launched',
  params: {
    reference: text(d.reference) ?? text(consultation.reference),
    addressees: (Array.isArray(d.eligibleGroups) ? d.eligibleGroups : consultation.eligibleGroups).join(','),
    launchedAt: d.launchedAt,
  },
}];

/** Event type → what it tells the public. Only what the public may see goes into params. */
const MAPPERS = new Map<string, Mapper>([
  ['ConsultationLaunched', launched],
  ['DraftPublished', (d) => [council.draftPublished(d, false)]],
  ['FinalDraftPublished', (d) => [council.draftPublished(d, true)]],
  ['ConsultationOpened', (d) => [council.consultationOpened(d)]],
  ['DeadlineExtended', (d, _c, l) => [concernsPhase(d) ? forum.phaseDeadlineChanged(d, l) : council.roundDeadlineChanged(d)]],
  ['PhaseRescheduled', (d, _c, l) => forum.phaseRescheduled(d, l)],
  ['ConsultationClosed', (d) => [council.consultationClosed(d)]],
  ['MeetingScheduled', (d) => [council.meetingScheduled(d)]],
  ['MeetingRescheduled', (d) => [council.meetingRescheduled(d)]],
  ['MeetingFormatChanged', (d, _c, l) => [concernsPhase(d) ? forum.phaseFormatChanged(d, l) : council.meetingFormatChanged(d)]],
  ['PhaseAdvanced', (d, _c, l) => forum.phaseAdvanced(d, l)],
  ['DraftSubmittedToCouncil', (d) => [council.councilSubmitted(d)]],
  ['CouncilConsiderationPostponed', (d) => [council.councilPostponed(d)]],
  ['CouncilDecisionRecorded', (d) => [council.councilDecided(d)]],
  ['ContributionsPublished', (d) => [{
    type: 'contributions.published',
    params: { count: Array.isArray(d.contributionIds) ? d.contributionIds.length : 0, publishedAt: d.publishedAt },
  }]],
  ['ConsultationWithdrawn', (d) => [{ type: 'consultation.withdrawn', params: { reason: text(d.reason), withdrawnAt: d.withdrawnAt } }]],
]);

/** The event types that notify anyone (`ContributionSubmitted`, `MeetingRecorded` and the like do not). */
export const NOTIFYING_EVENT_TYPES: readonly string[] = [...MAPPERS.keys()];

/**
 * What a stored consultation event tells the public: none, one or (in principle) more
 * notifications. `launch` (the `ConsultationLaunched` data) gives phase titles; without it a
 * phase is named by its key, and a rescheduled meeting phase is reported as a changed deadline.
 */
export function notificationsFor(
  event: ConsultationEventLike, consultation: ConsultationRef, launch?: LaunchData,
): NotificationContent[] {
  const mapper = MAPPERS.get(event.type);
  const data = event.data ?? {};
  return mapper ? mapper(data, consultation, launch ?? (event.type === 'ConsultationLaunched' ? (data as LaunchData) : undefined)) : [];
}
