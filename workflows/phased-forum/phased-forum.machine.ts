import { assign, setup } from 'xstate';
import { evolve, initialContext, type PhasedForumContext } from './phased-forum.context';
import type { PhasedForumEvent } from './phased-forum.events';
import { phasedForumGuards } from './phased-forum.guards';
import type { PhasedForumLaunch } from './phased-forum.launch';

const apply = { actions: 'apply' } as const;

/** Until the forum concludes, phases to come may move, change format or get more time. */
const alongside = {
  PhaseRescheduled: { guard: 'phaseCanMove', ...apply },
  MeetingFormatChanged: { guard: 'formatChanges', ...apply },
  DeadlineExtended: { guard: 'extendsPhase', ...apply },
  ContributionsPublished: apply,
  ConsultationWithdrawn: { target: 'withdrawn', ...apply },
} as const;

/**
 * N configured phases run in order. The machine consumes stored domain events; every
 * accepted one runs `apply` so that it changes the snapshot. The current phase lives in
 * context (`current`), since the phases are data, not states.
 */
export const phasedForumMachine = setup({
  types: {} as { context: PhasedForumContext; events: PhasedForumEvent; input: PhasedForumLaunch },
  guards: phasedForumGuards,
  actions: { apply: assign(({ context, event }) => evolve(context, event)) },
}).createMachine({
  id: 'phased-forum',
  context: ({ input }) => initialContext(input),
  initial: 'notStarted',
  states: {
    notStarted: {
      on: { ...alongside, PhaseAdvanced: { target: 'running', guard: 'startsForum', ...apply } },
    },
    running: {
      on: {
        ...alongside,
        PhaseAdvanced: [
          { guard: 'advancesToNextPhase', ...apply },
          { target: 'concluded', guard: 'concludesForum', ...apply },
        ],
      },
    },
    concluded: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

export const PHASED_FORUM_STATES = ['notStarted', 'running', 'concluded', 'withdrawn'] as const;
export type PhasedForumState = (typeof PHASED_FORUM_STATES)[number];
