import type { AnyMachineSnapshot } from 'xstate';
import { CONTRIBUTION_KINDS, type ConsultationView, type MeetingView } from '../workflow-definition';
import { earliest } from '../shared/time';
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

/** The consultation as `GET /api/consultations/:id` shows it (allowedCommands is added by the API). */
export function phasedForumView(snapshot: AnyMachineSnapshot): ConsultationView {
  const ctx = snapshot.context as PhasedForumContext;
  const state = String(snapshot.value);
  const phase = state === 'running' ? currentPhase(ctx) : undefined;
  const next = earliest(phasedForumDeadlines(snapshot), (d) => d.dueAt);
  return {
    state,
    phase: phase?.key ?? null,
    title: ctx.launch.title,
    ...(ctx.launch.reference !== undefined && { reference: ctx.launch.reference }),
    milestones: ctx.phases.map((p) => ({ key: p.key, title: p.title.en, at: p.startsAt, endsAt: p.endsAt, kind: p.kind })),
    meetings: ctx.phases.filter(isMeeting).map(meetingOf),
    drafts: [],
    nextDeadline: next ? { key: next.key, kind: next.kind, dueAt: next.dueAt } : null,
    phases: ctx.phases,
    /** Kinds open in the current phase and when each closes. */
    openContributions: phase
      ? CONTRIBUTION_KINDS.filter((k) => phase.opens.includes(k)).map((kind) => ({ kind, closesAt: closingTime(ctx, kind) }))
      : [],
    publishedContributions: ctx.publishedContributions,
    withdrawal: ctx.withdrawal ?? null,
  };
}
