import type { ContributionsPublishedData, ConsultationWithdrawnData, MeetingFormat } from '../shared/common.commands';

/**
 * From `fromPhase` to `toPhase`: `fromPhase` null starts the forum, `toPhase` null concludes
 * it. `automatic` when the scheduler did it at the phase's end (or the first phase's start).
 */
export interface PhaseAdvancedData { fromPhase: string | null; toPhase: string | null; advancedAt: string; automatic: boolean; reason?: string }
export interface PhaseRescheduledData {
  phaseKey: string; startsAt: string; endsAt: string; previousStartsAt: string | null; previousEndsAt: string | null;
  reason: string; rescheduledAt: string;
}
export interface MeetingFormatChangedData {
  phaseKey: string; format: MeetingFormat; previousFormat: MeetingFormat | null; reason: string; changedAt: string;
}
export interface DeadlineExtendedData { phaseKey: string; endsAt: string; previousEndsAt: string | null; reason: string; extendedAt: string }

interface Of<T extends string, D> { type: T; data: D }

/** The events as the machine consumes them (`toMachineEvent` keeps `{type, data}`). */
export type PhasedForumEvent =
  | Of<'PhaseAdvanced', PhaseAdvancedData>
  | Of<'PhaseRescheduled', PhaseRescheduledData>
  | Of<'MeetingFormatChanged', MeetingFormatChangedData>
  | Of<'DeadlineExtended', DeadlineExtendedData>
  | Of<'ContributionsPublished', ContributionsPublishedData>
  | Of<'ConsultationWithdrawn', ConsultationWithdrawnData>;

export type PhasedForumEventType = PhasedForumEvent['type'];
export type PhasedForumEventOf<T extends PhasedForumEventType> = Extract<PhasedForumEvent, { type: T }>;
