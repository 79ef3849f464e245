import type { AnyMachineSnapshot } from 'xstate';
import type { ContributionCheck, ContributionKind, Deadline } from '../workflow-definition';
import { isBefore } from '../shared/time';
import { currentPhase, type PhasedForumContext } from './phased-forum.context';

const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as PhasedForumContext;

/**
 * Before the start, the first phase's start starts the forum; while running, the current
 * phase's end advances it. Keys carry the phase and its date, so a rescheduled or
 * extended phase yields a new key (and a new idempotent event id) that fires again.
 */
export function phasedForumDeadlines(snapshot: AnyMachineSnapshot): Deadline[] {
  const ctx = contextOf(snapshot);
  if (snapshot.status !== 'active') return [];
  if (snapshot.value === 'notStarted' && ctx.phases.length > 0) {
    const first = ctx.phases[0];
    return [{
      key: `forum-starts:${first.key}:${first.startsAt}`, kind: 'phase-starts', dueAt: first.startsAt,
      title: `${first.title.en} starts`,
      event: { type: 'PhaseAdvanced', data: { fromPhase: null, toPhase: first.key, advancedAt: first.startsAt, automatic: true } },
    }];
  }
  const phase = currentPhase(ctx);
  if (snapshot.value !== 'running' || !phase) return [];
  const next = ctx.phases[ctx.current + 1];
  return [{
    key: `phase-ends:${phase.key}:${phase.endsAt}`, kind: 'phase-ends', dueAt: phase.endsAt,
    title: `${phase.title.en} ends`,
    event: { type: 'PhaseAdvanced', data: { fromPhase: phase.key, toPhase: next?.key ?? null, advancedAt: phase.endsAt, automatic: true } },
  }];
}

/**
 * When a kind closes: the end of the last phase in the unbroken run of phases, from the
 * current one, that open it. WSIS 2019 takes formal contributions from the launch to the
 * 10 Feb deadline across four phases; measuring against the *configured* end means the
 * deadline holds even if the secretariat has not advanced the phases yet.
 */
export function closingTime(ctx: PhasedForumContext, kind: ContributionKind): string | null {
  let last = ctx.current;
  if (!ctx.phases[last]?.opens.includes(kind)) return null;
  while (ctx.phases[last + 1]?.opens.includes(kind)) last += 1;
  return ctx.phases[last].endsAt;
}

/** A kind is open while running, if the current phase opens it, until its closing time. */
export function phasedForumContributionCheck(snapshot: AnyMachineSnapshot, kind: ContributionKind, now: string): ContributionCheck {
  const ctx = contextOf(snapshot);
  const state = String(snapshot.value);
  if (state !== 'running') {
    const first = ctx.phases[0];
    const when = state === 'notStarted' && first ? ` It starts on ${first.startsAt}.` : '';
    return { open: false, reason: `Contributions are accepted only while the forum is running; it is in state "${state}".${when}` };
  }
  const phase = currentPhase(ctx)!;
  const closesAt = closingTime(ctx, kind);
  if (closesAt === null) {
    return { open: false, reason: `The current phase "${phase.title.en}" (${phase.key}) does not accept "${kind}" contributions.` };
  }
  if (!isBefore(now, closesAt)) {
    return { open: false, reason: `"${kind}" contributions closed at ${closesAt}.` };
  }
  return { open: true };
}
