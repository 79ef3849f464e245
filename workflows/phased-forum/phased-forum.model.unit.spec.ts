import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import type { AnyMachineSnapshot } from 'xstate';
import { declaredStates, replayPath } from '../testing/model';
import { currentPhase, type PhasedForumContext } from './phased-forum.context';
import { WSIS_2019 } from './phased-forum.fixtures';
import type { PhasedForumLaunch } from './phased-forum.launch';
import { phasedForumMachine } from './phased-forum.machine';
import { phasedForumV1 } from './phased-forum.workflow';

const AT = '2018-07-01T10:00:00+02:00';
/** Three phases keep the graph small while covering first, middle and last. */
const LAUNCH: PhasedForumLaunch = { ...WSIS_2019, phases: WSIS_2019.phases.slice(2) };

/** One representative event per type, made legal for the snapshot where the guard needs it. */
function representativeEvents(snapshot: AnyMachineSnapshot) {
  const ctx = snapshot.context as PhasedForumContext;
  const target = ctx.phases.find((p) => p.status !== 'ended') ?? ctx.phases[0];
  /** Grows with every accepted event, so it is always later than any date set before. */
  const later = `2030-01-01T00:${String(ctx.changes).padStart(2, '0')}:00Z`;
  return [
    {
      type: 'PhaseAdvanced',
      data: { fromPhase: currentPhase(ctx)?.key ?? null, toPhase: ctx.phases[ctx.current + 1]?.key ?? null, advancedAt: AT, automatic: false },
    },
    {
      type: 'PhaseRescheduled',
      data: {
        phaseKey: target.key, startsAt: later, endsAt: later,
        previousStartsAt: target.startsAt, previousEndsAt: target.endsAt, reason: 'r', rescheduledAt: AT,
      },
    },
    {
      type: 'MeetingFormatChanged',
      data: { phaseKey: target.key, format: target.format === 'virtual' ? 'hybrid' : 'virtual', previousFormat: target.format ?? null, reason: 'r', changedAt: AT },
    },
    { type: 'DeadlineExtended', data: { phaseKey: target.key, endsAt: later, previousEndsAt: target.endsAt, reason: 'r', extendedAt: AT } },
    { type: 'ContributionsPublished', data: { contributionIds: ['c'], publishedAt: AT } },
    { type: 'ConsultationWithdrawn', data: { reason: 'r', withdrawnAt: AT } },
  ];
}

/** The state and the current phase: phases are data, so both make a vertex. */
const serializeState = (s: AnyMachineSnapshot) => JSON.stringify([s.value, (s.context as PhasedForumContext).current]);
const options = { input: LAUNCH, events: representativeEvents as never, serializeState: serializeState as never };

describe('phased-forum: model', () => {
  const shortest = getShortestPaths(phasedForumMachine, options);
  const simple = getSimplePaths(phasedForumMachine, options);

  it('reaches every declared state', () => {
    expect([...new Set(shortest.map((p) => p.state.value as string))].sort()).toEqual(declaredStates(phasedForumV1).sort());
  });

  it('reaches every phase of the running forum', () => {
    const phases = shortest.filter((p) => p.state.value === 'running').map((p) => (p.state.context as PhasedForumContext).current);
    expect(phases.sort()).toEqual([0, 1, 2]);
  });

  it.each(shortest.map((p) => [serializeState(p.state), p] as const))('replays the shortest path to %s', (_name, path) => {
    const { snapshot, seen, expected } = replayPath(phasedForumV1, LAUNCH, path);
    expect(seen).toEqual(expected);
    expect(snapshot.value).toEqual(path.state.value);
  });

  it('summarises the state at the end of every simple path as its view does', () => {
    for (const path of simple) {
      const { snapshot } = replayPath(phasedForumV1, LAUNCH, path);
      const { state, phase, nextDeadline } = phasedForumV1.view(snapshot);
      expect(phasedForumV1.summary(snapshot)).toStrictEqual({ state, phase, nextDeadline });
    }
  });

  it(`replays every simple path through transition() to the path's state`, () => {
    for (const path of simple) {
      const { snapshot, seen, expected } = replayPath(phasedForumV1, LAUNCH, path);
      expect(seen).toEqual(expected);
      expect(snapshot.value).toEqual(path.state.value);
    }
  });
});
