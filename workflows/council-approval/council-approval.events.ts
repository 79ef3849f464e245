import type { ContributionsPublishedData, ConsultationWithdrawnData, MeetingFormat } from '../shared/common.commands';

/** Past-tense facts of the council-approval workflow; the `<verb>At` comes from the handler's clock. */
export interface Section { number: string; title: string }

export interface DraftPublishedData { documentRef: string; version: string; sections?: Section[]; publishedAt: string }
export interface ConsultationOpenedData { round: number; closesAt: string; openedAt: string }
export interface MeetingScheduledData {
  meetingId: string; startsAt: string; endsAt: string; format: MeetingFormat; location?: string; scheduledAt: string;
}
export interface MeetingRescheduledData { meetingId: string; startsAt: string; endsAt: string; reason: string; rescheduledAt: string }
export interface MeetingFormatChangedData { meetingId: string; format: MeetingFormat; reason: string; changedAt: string }
export interface MeetingRecordedData { meetingId: string; participants: number; summary?: string; recordedAt: string }
export interface DeadlineExtendedData { closesAt: string; previousClosesAt: string | null; reason: string; extendedAt: string }
/** `automatic` when the scheduler closed the round at its `closesAt`. */
export interface ConsultationClosedData { closedAt: string; automatic: boolean; reason?: string }
export interface FinalDraftPublishedData { documentRef: string; version: string; publishedAt: string }
export interface DraftSubmittedToCouncilData {
  session: string; documentRefs: string[]; considerationStartsAt: string; considerationEndsAt: string; submittedAt: string;
}
/** Moves the pending consideration to another session or dates (documents may be reissued for it). */
export interface CouncilConsiderationPostponedData {
  fromSession: string | null; session: string; considerationStartsAt: string; considerationEndsAt: string;
  documentRefs?: string[]; reason: string; postponedAt: string;
}
export const COUNCIL_OUTCOMES = ['approved', 'further-consultation', 'deferred'] as const;
export type CouncilOutcome = (typeof COUNCIL_OUTCOMES)[number];
export const DECISION_MODES = ['session', 'correspondence'] as const;
export type DecisionMode = (typeof DECISION_MODES)[number];
export interface CouncilDecisionRecordedData {
  session: string; outcome: CouncilOutcome; mode: DecisionMode; reference?: string; note?: string; recordedAt: string;
}

interface Of<T extends string, D> { type: T; data: D }

/** The events as the machine consumes them (`toMachineEvent` keeps `{type, data}`). */
export type CouncilApprovalEvent =
  | Of<'DraftPublished', DraftPublishedData>
  | Of<'ConsultationOpened', ConsultationOpenedData>
  | Of<'MeetingScheduled', MeetingScheduledData>
  | Of<'MeetingRescheduled', MeetingRescheduledData>
  | Of<'MeetingFormatChanged', MeetingFormatChangedData>
  | Of<'MeetingRecorded', MeetingRecordedData>
  | Of<'DeadlineExtended', DeadlineExtendedData>
  | Of<'ConsultationClosed', ConsultationClosedData>
  | Of<'FinalDraftPublished', FinalDraftPublishedData>
  | Of<'DraftSubmittedToCouncil', DraftSubmittedToCouncilData>
  | Of<'CouncilConsiderationPostponed', CouncilConsiderationPostponedData>
  | Of<'CouncilDecisionRecorded', CouncilDecisionRecordedData>
  | Of<'ContributionsPublished', ContributionsPublishedData>
  | Of<'ConsultationWithdrawn', ConsultationWithdrawnData>;

export type CouncilApprovalEventType = CouncilApprovalEvent['type'];
export type EventOf<T extends CouncilApprovalEventType> = Extract<CouncilApprovalEvent, { type: T }>;
