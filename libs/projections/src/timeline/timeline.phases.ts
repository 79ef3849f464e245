import type {
  DeadlineExtendedData, MeetingFormatChangedData, PhaseAdvancedData, PhaseConfig, PhaseRescheduledData,
} from '@consult/workflows/phased-forum';
import { addItem, changeItem, type Fact, type TimelineFold } from './timeline.state';
import type { TimelineHandler } from './timeline.council';

const phaseKey = (key: string) => `phase:${key}`;

/** A phased forum's phases, as planned at its launch. */
export function plannedPhases(t: TimelineFold, fact: Fact, phases: PhaseConfig[], launchedAt: string): void {
  for (const phase of phases) {
    const { key, title, kind, startsAt, endsAt, format, location, opens } = phase;
    addItem(t, fact, {
      key: phaseKey(key), kind: 'phase', title, status: 'planned', plannedAt: startsAt, plannedEndsAt: endsAt,
      format: format ?? null, location: location ?? null, detail: { phaseKey: key, phaseKind: kind, opens },
    }, { change: 'planned', recordedAt: launchedAt, after: { startsAt, endsAt, format, location } });
  }
}

/** One phase ends and the next starts (`fromPhase` null starts the forum, `toPhase` null concludes it). */
const advanced: TimelineHandler<PhaseAdvancedData> = (t, fact) => {
  const { fromPhase, toPhase, advancedAt, automatic, reason } = fact.data;
  const spec = { recordedAt: advancedAt, automatic, reason };
  if (fromPhase !== null) {
    changeItem(t, fact, phaseKey(fromPhase), () => ({ set: { status: 'ended', actualEndsAt: advancedAt }, spec: { ...spec, change: 'ended', after: toPhase === null ? null : { toPhase } } }));
  }
  if (toPhase !== null) {
    changeItem(t, fact, phaseKey(toPhase), () => ({ set: { status: 'current', actualAt: advancedAt }, spec: { ...spec, change: 'started', after: fromPhase === null ? null : { fromPhase } } }));
  }
};

const rescheduled: TimelineHandler<PhaseRescheduledData> = (t, fact) => changeItem(t, fact, phaseKey(fact.data.phaseKey), (item) => {
  const { startsAt, endsAt, previousStartsAt, previousEndsAt, reason, rescheduledAt } = fact.data;
  return {
    set: { plannedAt: startsAt, plannedEndsAt: endsAt },
    spec: {
      change: 'rescheduled', recordedAt: rescheduledAt, reason,
      before: { startsAt: previousStartsAt ?? item.plannedAt, endsAt: previousEndsAt ?? item.plannedEndsAt }, after: { startsAt, endsAt },
    },
  };
});

/** The phased forum's format change names a phase. */
export const phaseFormatChanged: TimelineHandler<MeetingFormatChangedData> = (t, fact) =>
  changeItem(t, fact, phaseKey(fact.data.phaseKey), (item) => ({
    set: { format: fact.data.format },
    spec: {
      change: 'format-changed', recordedAt: fact.data.changedAt, reason: fact.data.reason,
      before: { format: fact.data.previousFormat ?? item.format }, after: { format: fact.data.format },
    },
  }));

/** The phased forum's extension moves a phase's end. */
export const phaseExtended: TimelineHandler<DeadlineExtendedData> = (t, fact) => changeItem(t, fact, phaseKey(fact.data.phaseKey), (item) => ({
  set: { plannedEndsAt: fact.data.endsAt },
  spec: {
    change: 'extended', recordedAt: fact.data.extendedAt, reason: fact.data.reason,
    before: { endsAt: fact.data.previousEndsAt ?? item.plannedEndsAt }, after: { endsAt: fact.data.endsAt },
  },
}));

/** The phased-forum events a timeline shows, by type (the shared ones are in timeline.fold.ts). */
export const PHASED_FORUM_TIMELINE: Record<string, TimelineHandler> = { PhaseAdvanced: advanced, PhaseRescheduled: rescheduled };
