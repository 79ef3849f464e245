import { isBefore, isNotAfter } from '../shared/time';
import { currentPhase, findPhase, type PhasedForumContext } from './phased-forum.context';
import type { PhasedForumEvent } from './phased-forum.events';

type Args = { context: PhasedForumContext; event: PhasedForumEvent };
/** Guards read the event's data loosely: each is only ever wired to the events it names. */
const data = (event: PhasedForumEvent) => event.data as Record<string, any>;

/**
 * An automatic advance (the scheduler's) counts only at or after the time it was due:
 * once a phase is extended or rescheduled, the stale deadline no longer advances it.
 */
const dueBy = (event: PhasedForumEvent, due: string) => !data(event).automatic || isNotAfter(due, data(event).advancedAt);

/** A phase that has ended is history: it cannot move or change format any more. */
const openPhase = ({ context, event }: Args) => {
  const phase = findPhase(context, data(event).phaseKey);
  return phase && phase.status !== 'ended' ? phase : undefined;
};

/** The named rules of the phased-forum machine (wired in `setup()`). */
export const phasedForumGuards = {
  startsForum: ({ context, event }: Args) => {
    const first = context.phases[0];
    return !!first && data(event).fromPhase === null && data(event).toPhase === first.key && dueBy(event, first.startsAt);
  },
  /** Phases run in their configured order; the event names both ends, so a stale one is refused. */
  advancesToNextPhase: ({ context, event }: Args) => {
    const phase = currentPhase(context);
    const next = context.phases[context.current + 1];
    return !!phase && !!next && data(event).fromPhase === phase.key && data(event).toPhase === next.key && dueBy(event, phase.endsAt);
  },
  concludesForum: ({ context, event }: Args) => {
    const phase = currentPhase(context);
    return !!phase && context.current === context.phases.length - 1 &&
      data(event).fromPhase === phase.key && data(event).toPhase === null && dueBy(event, phase.endsAt);
  },
  phaseCanMove: (args: Args) => {
    const phase = openPhase(args);
    const { startsAt, endsAt } = data(args.event);
    return !!phase && isNotAfter(startsAt, endsAt) && (phase.startsAt !== startsAt || phase.endsAt !== endsAt);
  },
  formatChanges: (args: Args) => {
    const phase = openPhase(args);
    return !!phase && phase.format !== data(args.event).format;
  },
  /** An extension only ever moves the end later (an earlier end is a reschedule). */
  extendsPhase: (args: Args) => {
    const phase = openPhase(args);
    return !!phase && isBefore(phase.endsAt, data(args.event).endsAt);
  },
};
