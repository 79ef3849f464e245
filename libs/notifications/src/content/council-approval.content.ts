import type {
  ConsultationClosedData, ConsultationOpenedData, CouncilConsiderationPostponedData, CouncilDecisionRecordedData,
  DeadlineExtendedData, DraftPublishedData, DraftSubmittedToCouncilData, FinalDraftPublishedData,
  MeetingFormatChangedData, MeetingRescheduledData, MeetingScheduledData,
} from '@consult/workflows/council-approval';
import type { NotificationContent } from '../notification.types';
import { NO_PHASE, text } from './content-params';

/** A draft or the final draft: the same notice, flagged. */
export const draftPublished = (d: DraftPublishedData | FinalDraftPublishedData, final: boolean): NotificationContent => ({
  type: 'draft.published',
  params: { final, documentRef: d.documentRef, version: String(d.version), publishedAt: d.publishedAt },
});

export const consultationOpened = (d: ConsultationOpenedData): NotificationContent => ({
  type: 'consultation.opened', params: { round: d.round, closesAt: d.closesAt, openedAt: d.openedAt },
});

/** A round's closing time moved (council-approval); `previousAt` is null when none was known. */
export const roundDeadlineChanged = (d: DeadlineExtendedData): NotificationContent => ({
  type: 'deadline.changed',
  params: { ...NO_PHASE, previousAt: text(d.previousClosesAt), newAt: d.closesAt, reason: text(d.reason), changedAt: d.extendedAt },
});

export const consultationClosed = (d: ConsultationClosedData): NotificationContent => ({
  type: 'consultation.closed', params: { closedAt: d.closedAt, automatic: d.automatic === true, reason: text(d.reason) },
});

export const meetingScheduled = (d: MeetingScheduledData): NotificationContent => ({
  type: 'meeting.scheduled',
  params: { ...NO_PHASE, meetingId: d.meetingId, startsAt: d.startsAt, endsAt: d.endsAt, format: d.format, location: text(d.location) },
});

/** The event does not carry the old start: `previousStartsAt` stays null. */
export const meetingRescheduled = (d: MeetingRescheduledData): NotificationContent => ({
  type: 'meeting.rescheduled',
  params: {
    ...NO_PHASE, meetingId: d.meetingId, startsAt: d.startsAt, endsAt: d.endsAt, previousStartsAt: null, reason: text(d.reason),
  },
});

export const meetingFormatChanged = (d: MeetingFormatChangedData): NotificationContent => ({
  type: 'meeting.format-changed',
  params: { ...NO_PHASE, meetingId: d.meetingId, format: d.format, previousFormat: null, reason: text(d.reason), changedAt: d.changedAt },
});

export const councilSubmitted = (d: DraftSubmittedToCouncilData): NotificationContent => ({
  type: 'council.submitted',
  params: {
    session: d.session, documentRefs: (d.documentRefs ?? []).join(', '),
    considerationStartsAt: d.considerationStartsAt, considerationEndsAt: d.considerationEndsAt, submittedAt: d.submittedAt,
  },
});

export const councilPostponed = (d: CouncilConsiderationPostponedData): NotificationContent => ({
  type: 'council.postponed',
  params: {
    fromSession: text(d.fromSession), session: d.session, considerationStartsAt: d.considerationStartsAt,
    considerationEndsAt: d.considerationEndsAt, reason: text(d.reason), postponedAt: d.postponedAt,
  },
});

/** The decision's note is left out: it may record deliberations the public notice does not repeat. */
export const councilDecided = (d: CouncilDecisionRecordedData): NotificationContent => ({
  type: 'council.decided',
  params: { session: d.session, outcome: d.outcome, mode: d.mode, reference: text(d.reference), recordedAt: d.recordedAt },
});
