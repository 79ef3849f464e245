import type { AnyMachineSnapshot } from 'xstate';
import { CONTRIBUTION_KINDS, type ConsultationSummary, type ConsultationView, type MeetingView } from '../workflow-definition';
import { nextDeadline } from '../shared/deadlines';
import { currentPhase, type PhaseRecord, type PhasedForumContext } from './phased-forum.context';
import { closingTime, phasedForumDeadlines } from './phased-forum.policy';

/** Meeting phases, and any phase with a format (the WSIS launch was a virtual meeting). */
const isMeeting = (p: PhaseRecord) => p.kind === 'meeting' || p.format !== undefined;

const meetingOf = (p: PhaseRecord): MeetingView => ({
  id: p.key, title: p.title.en, startsAt: p.startsAt, endsAt: p.endsAt,
  format: p.format ?? 'physical', // a meeting configured without a format is held in person
  ...(p.location !== undefined && { location: p.location }),
  status: p.status === 'ended' ? 'held' : 'scheduled',
  history: p.history,
});

const runningPhase = (snapshot: AnyMachineSnapshot) =>
  (snapshot.value === 'running' ? currentPhase(snapshot.context as PhasedForumContext) : undefined);

/** The consultation as `GET /api/consultations/:id` shows it (allowedCommands is added by the API). */
export function phasedForumView(snapshot: AnyMachineSnapshot): ConsultationView {
  const ctx = snapshot.context as PhasedForumContext;
  const state = String(snapshot.value);
  const phase = runningPhase(snapshot);
  return {
    state,
    phase: phase?.key ?? null,
    title: ctx.launch.title,
    ...(ctx.launch.reference !== undefined && { reference: ctx.launch.reference }),
    milestones: ctx.phases.map((p) => ({ key: p.key, title: p.title.en, at: p.startsAt, endsAt: p.endsAt, kind: p.kind })),
    meetings: ctx.phases.filter(isMeeting).map(meetingOf),
    drafts: [],
    nextDeadline: nextDeadline(phasedForumDeadlines(snapshot)),
    phases: ctx.phases,
    /** Kinds open in the current phase and when each closes. */
    openContributions: phase
      ? CONTRIBUTION_KINDS.filter((k) => phase.opens.includes(k)).map((kind) => ({ kind, closesAt: closingTime(ctx, kind) }))
      : [],
    publishedContributions: ctx.publishedContributions,
    withdrawal: ctx.withdrawal ?? null,
  };
}

/** The view's state, phase and next deadline, without building the rest. */
export const phasedForumSummary = (snapshot: AnyMachineSnapshot): ConsultationSummary => ({
  state: String(snapshot.value), phase: runningPhase(snapshot)?.key ?? null, nextDeadline: nextDeadline(phasedForumDeadlines(snapshot)),
});
