import { assign, setup } from 'xstate';
import type { LaunchData } from '../workflow-definition';
import { evolve, initialContext, type CouncilApprovalContext } from './council-approval.context';
import type { CouncilApprovalEvent } from './council-approval.events';
import { councilApprovalGuards } from './council-approval.guards';

const apply = { actions: 'apply' } as const;

/** Allowed in every non-final state: meetings run alongside every stage (GCA: one while Council was postponed). */
const alongside = {
  MeetingScheduled: { guard: 'meetingIsNew', ...apply },
  MeetingRescheduled: { guard: 'meetingCanMove', ...apply },
  MeetingFormatChanged: { guard: 'meetingFormatChanges', ...apply },
  MeetingRecorded: { guard: 'meetingCanBeRecorded', ...apply },
  ContributionsPublished: apply,
  ConsultationWithdrawn: { target: 'withdrawn', ...apply },
} as const;

/**
 * Draft → consultation round(s) → final draft → Council. The machine consumes stored
 * domain events; every accepted one runs `apply` so that it changes the snapshot.
 */
export const councilApprovalMachine = setup({
  types: {} as { context: CouncilApprovalContext; events: CouncilApprovalEvent; input: LaunchData },
  guards: councilApprovalGuards,
  actions: { apply: assign(({ context, event }) => evolve(context, event)) },
}).createMachine({
  id: 'council-approval',
  context: ({ input }) => initialContext(input),
  initial: 'preparing',
  states: {
    preparing: {
      on: { ...alongside, DraftPublished: { target: 'draftPublished', guard: 'draftIsNew', ...apply } },
    },
    draftPublished: {
      on: {
        ...alongside,
        DraftPublished: { guard: 'draftIsNew', ...apply },
        ConsultationOpened: { target: 'consultationOpen', guard: 'opensNextRound', ...apply },
      },
    },
    consultationOpen: {
      on: {
        ...alongside,
        DeadlineExtended: { guard: 'extendsClosingTime', ...apply },
        ConsultationClosed: { target: 'consultationClosed', guard: 'closesRound', ...apply },
      },
    },
    consultationClosed: {
      on: { ...alongside, FinalDraftPublished: { target: 'finalDraftPublished', guard: 'draftIsNew', ...apply } },
    },
    finalDraftPublished: {
      on: {
        ...alongside,
        DraftSubmittedToCouncil: { target: 'submittedToCouncil', guard: 'considerationWindowIsValid', ...apply },
      },
    },
    submittedToCouncil: {
      on: {
        ...alongside,
        DraftSubmittedToCouncil: { guard: 'resubmitsAfterDeferral', ...apply },
        CouncilConsiderationPostponed: { guard: 'postponesConsideration', ...apply },
        CouncilDecisionRecorded: [
          { target: 'approved', guard: { type: 'decidesPendingSession', params: { outcome: 'approved' } }, ...apply },
          {
            target: 'furtherConsultation',
            guard: { type: 'decidesPendingSession', params: { outcome: 'further-consultation' } },
            ...apply,
          },
          { guard: { type: 'decidesPendingSession', params: { outcome: 'deferred' } }, ...apply },
        ],
      },
    },
    furtherConsultation: {
      on: { ...alongside, DraftPublished: { target: 'draftPublished', guard: 'draftIsNew', ...apply } },
    },
    approved: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

export const COUNCIL_APPROVAL_STATES = [
  'preparing', 'draftPublished', 'consultationOpen', 'consultationClosed', 'finalDraftPublished',
  'submittedToCouncil', 'furtherConsultation', 'approved', 'withdrawn',
] as const;
export type CouncilApprovalState = (typeof COUNCIL_APPROVAL_STATES)[number];
