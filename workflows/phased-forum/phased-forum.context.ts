import type { PhaseConfig, PhasedForumLaunch } from './phased-forum.launch';
import type { PhasedForumEvent, PhasedForumEventOf } from './phased-forum.events';

export interface PhaseRecord extends PhaseConfig {
  status: 'pending' | 'current' | 'ended';
  startedAt?: string;
  endedAt?: string;
  history: { at: string; change: string; reason?: string }[];
}

/** `current` is the index of the phase under way (or next to come): -1 before the start. */
export interface PhasedForumContext {
  launch: { consultationId: string; title: Record<string, string>; reference?: string; timezone: string; launchedAt: string };
  changes: number;
  /** Time of the latest accepted event: the clock allowedCommands() reasons with. */
  asOf: string;
  phases: PhaseRecord[];
  current: number;
  publishedContributions: string[];
  withdrawal?: { reason: string; withdrawnAt: string };
}

export function initialContext(input: PhasedForumLaunch): PhasedForumContext {
  return {
    launch: {
      consultationId: input.consultationId, title: input.title, reference: input.reference,
      timezone: input.timezone, launchedAt: input.launchedAt,
    },
    changes: 0, asOf: input.launchedAt, current: -1, publishedContributions: [],
    phases: (input.phases ?? []).map((p) => ({ ...p, opens: [...p.opens], status: 'pending', history: [] })),
  };
}

export const currentPhase = (ctx: PhasedForumContext): PhaseRecord | undefined => ctx.phases[ctx.current];
export const findPhase = (ctx: PhasedForumContext, key: string) => ctx.phases.find((p) => p.key === key);

type Evolve = { [T in PhasedForumEvent['type']]: (ctx: PhasedForumContext, data: PhasedForumEventOf<T>['data']) => Partial<PhasedForumContext> };

const updatePhase = (ctx: PhasedForumContext, key: string, change: (p: PhaseRecord) => PhaseRecord) =>
  ctx.phases.map((p) => (p.key === key ? change(p) : p));

const noted = (p: PhaseRecord, at: string, change: string, reason?: string) => [...p.history, { at, change, ...(reason && { reason }) }];

/** How each accepted event changes the context; the machine has already checked it is legal. */
const evolvers: Evolve = {
  PhaseAdvanced: (ctx, d) => ({
    current: ctx.current + 1,
    phases: ctx.phases.map((p) => {
      if (p.key === d.fromPhase) return { ...p, status: 'ended', endedAt: d.advancedAt };
      if (p.key === d.toPhase) return { ...p, status: 'current', startedAt: d.advancedAt };
      return p;
    }),
  }),
  PhaseRescheduled: (ctx, d) => ({
    phases: updatePhase(ctx, d.phaseKey, (p) => ({
      ...p, startsAt: d.startsAt, endsAt: d.endsAt,
      history: noted(p, d.rescheduledAt, `rescheduled from ${p.startsAt} – ${p.endsAt} to ${d.startsAt} – ${d.endsAt}`, d.reason),
    })),
  }),
  MeetingFormatChanged: (ctx, d) => ({
    phases: updatePhase(ctx, d.phaseKey, (p) => ({
      ...p, format: d.format,
      history: noted(p, d.changedAt, `format changed from ${p.format ?? 'unspecified'} to ${d.format}`, d.reason),
    })),
  }),
  DeadlineExtended: (ctx, d) => ({
    phases: updatePhase(ctx, d.phaseKey, (p) => ({
      ...p, endsAt: d.endsAt, history: noted(p, d.extendedAt, `end extended from ${p.endsAt} to ${d.endsAt}`, d.reason),
    })),
  }),
  ContributionsPublished: (ctx, d) => ({
    publishedContributions: [...ctx.publishedContributions, ...d.contributionIds.filter((id) => !ctx.publishedContributions.includes(id))],
  }),
  ConsultationWithdrawn: (_ctx, d) => ({ withdrawal: d }),
};

/** Which data field holds the instant each event happened. */
const OCCURRED_AT: { [T in PhasedForumEvent['type']]: keyof PhasedForumEventOf<T>['data'] } = {
  PhaseAdvanced: 'advancedAt', PhaseRescheduled: 'rescheduledAt', MeetingFormatChanged: 'changedAt',
  DeadlineExtended: 'extendedAt', ContributionsPublished: 'publishedAt', ConsultationWithdrawn: 'withdrawnAt',
};

export function evolve(ctx: PhasedForumContext, event: PhasedForumEvent): PhasedForumContext {
  const apply = evolvers[event.type] as (c: PhasedForumContext, d: unknown) => Partial<PhasedForumContext>;
  const at = (event.data as unknown as Record<string, string>)[OCCURRED_AT[event.type] as string];
  return { ...ctx, ...apply(ctx, event.data), changes: ctx.changes + 1, asOf: at ?? ctx.asOf };
}
