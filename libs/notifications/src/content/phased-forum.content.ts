import type { LaunchData } from '@consult/workflows';
import type {
  DeadlineExtendedData, MeetingFormatChangedData, PhaseAdvancedData, PhaseRescheduledData,
} from '@consult/workflows/phased-forum';
import type { NotificationContent } from '../notification.types';
import { findPhaseConfig, phaseParams, text } from './content-params';

/** The forum moved on: a phase started, or (no next phase) the forum concluded, which closes it. */
export function phaseAdvanced(d: PhaseAdvancedData, launch?: LaunchData): NotificationContent[] {
  if (d.toPhase === null) {
    return [{ type: 'consultation.closed', params: { closedAt: d.advancedAt, automatic: d.automatic === true, reason: text(d.reason) } }];
  }
  return [{
    type: 'phase.started',
    params: { ...phaseParams(launch, d.toPhase), fromPhase: text(d.fromPhase), startedAt: d.advancedAt, automatic: d.automatic === true },
  }];
}

/**
 * A rescheduled phase. A phase held at a time (a launch, a meeting, a brief) is a meeting to
 * its readers: `meeting.rescheduled`, whose new start and end cover a moved end too. A
 * `deadline` phase (or any phase when the launch data is not at hand) reports only a moved
 * end, as `deadline.changed`: its start is when submissions open, not news of its own.
 */
export function phaseRescheduled(d: PhaseRescheduledData, launch?: LaunchData): NotificationContent[] {
  const kind = findPhaseConfig(launch, d.phaseKey)?.kind;
  const phase = phaseParams(launch, d.phaseKey);
  if (kind !== undefined && kind !== 'deadline') {
    return [{
      type: 'meeting.rescheduled',
      params: {
        ...phase, meetingId: null, startsAt: d.startsAt, endsAt: d.endsAt, previousStartsAt: text(d.previousStartsAt), reason: text(d.reason),
      },
    }];
  }
  if (d.previousEndsAt !== null && sameInstant(d.previousEndsAt, d.endsAt)) return [];
  return [{
    type: 'deadline.changed',
    params: { ...phase, previousAt: text(d.previousEndsAt), newAt: d.endsAt, reason: text(d.reason), changedAt: d.rescheduledAt },
  }];
}

/** A phase's end extended. */
export const phaseDeadlineChanged = (d: DeadlineExtendedData, launch?: LaunchData): NotificationContent => ({
  type: 'deadline.changed',
  params: {
    ...phaseParams(launch, d.phaseKey), previousAt: text(d.previousEndsAt), newAt: d.endsAt, reason: text(d.reason), changedAt: d.extendedAt,
  },
});

export const phaseFormatChanged = (d: MeetingFormatChangedData, launch?: LaunchData): NotificationContent => ({
  type: 'meeting.format-changed',
  params: {
    ...phaseParams(launch, d.phaseKey), meetingId: null, format: d.format, previousFormat: d.previousFormat ?? null,
    reason: text(d.reason), changedAt: d.changedAt,
  },
});

/** Offsets differ between stored strings for one instant (`+01:00` vs `Z`): compare the instants. */
function sameInstant(a: string, b: string): boolean {
  return a === b || Date.parse(a) === Date.parse(b);
}
