import type { AnyMachineSnapshot } from 'xstate';
import type { ConsultationSummary, ConsultationView, MeetingView, Milestone } from '../workflow-definition';
import { nextDeadline } from '../shared/deadlines';
import { isBefore } from '../shared/time';
import { currentRound, currentSubmission, type CouncilApprovalContext } from './council-approval.context';
import { councilApprovalDeadlines } from './council-approval.policy';

function milestones(ctx: CouncilApprovalContext): Milestone[] {
  const list: Milestone[] = [
    ...ctx.drafts.map((d) => ({
      key: `${d.kind}-draft:${d.documentRef}:${d.version}`,
      title: `${d.kind === 'final' ? 'Final draft' : 'Draft'} ${d.documentRef} (version ${d.version}) published`,
      at: d.publishedAt,
      kind: d.kind === 'final' ? 'final-draft' : 'draft',
    })),
    ...ctx.rounds.map((r) => ({
      key: `round-${r.number}`, title: `Consultation round ${r.number}`, at: r.openedAt,
      endsAt: r.closedAt ?? r.closesAt, kind: 'consultation-round',
    })),
    ...ctx.submissions.map((s) => ({
      key: `council:${s.session}`, title: `Council consideration (${s.session})`, at: s.considerationStartsAt,
      endsAt: s.considerationEndsAt, kind: 'council-consideration',
    })),
    ...ctx.decisions.map((d) => ({
      key: `council-decision:${d.session}`, title: `Council decision (${d.session}, by ${d.mode}): ${d.outcome}`,
      at: d.recordedAt, kind: 'council-decision',
    })),
  ];
  return list.sort((a, b) => (isBefore(a.at, b.at) ? -1 : isBefore(b.at, a.at) ? 1 : 0));
}

const meetings = (ctx: CouncilApprovalContext): MeetingView[] =>
  ctx.meetings.map((m) => ({
    id: m.id, startsAt: m.startsAt, endsAt: m.endsAt, format: m.format, status: m.status,
    ...(m.location !== undefined && { location: m.location }),
    ...(m.participants !== undefined && { participants: m.participants }),
    ...(m.summary !== undefined && { summary: m.summary }),
    history: m.history,
  }));

/** The consultation as `GET /api/consultations/:id` shows it (allowedCommands is added by the API). */
export function councilApprovalView(snapshot: AnyMachineSnapshot): ConsultationView {
  const ctx = snapshot.context as CouncilApprovalContext;
  const state = String(snapshot.value);
  const round = currentRound(ctx);
  const submission = currentSubmission(ctx);
  return {
    state,
    phase: null,
    title: ctx.launch.title,
    ...(ctx.launch.reference !== undefined && { reference: ctx.launch.reference }),
    milestones: milestones(ctx),
    meetings: meetings(ctx),
    drafts: ctx.drafts.map((d) => ({
      documentRef: d.documentRef, version: d.version, kind: d.kind, publishedAt: d.publishedAt,
      ...(d.sections !== undefined && { sections: d.sections }),
    })),
    nextDeadline: nextDeadline(councilApprovalDeadlines(snapshot)),
    round: round?.number ?? null,
    closesAt: state === 'consultationOpen' ? round.closesAt : null,
    rounds: ctx.rounds,
    council: submission ? { ...submission, decisions: ctx.decisions.filter((d) => d.session === submission.session) } : null,
    /** Every submission with its postponements, oldest first; `council` is the pending one. */
    submissions: ctx.submissions,
    decisions: ctx.decisions,
    publishedContributions: ctx.publishedContributions,
    withdrawal: ctx.withdrawal ?? null,
  };
}

/** The view's state, phase and next deadline, without building the rest. */
export const councilApprovalSummary = (snapshot: AnyMachineSnapshot): ConsultationSummary => ({
  state: String(snapshot.value), phase: null, nextDeadline: nextDeadline(councilApprovalDeadlines(snapshot)),
});
