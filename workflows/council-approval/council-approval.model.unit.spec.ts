import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import type { AnyMachineSnapshot } from 'xstate';
import { declaredStates, replayPath } from '../testing/model';
import { currentSubmission, type CouncilApprovalContext } from './council-approval.context';
import { GCA_LAUNCH } from './council-approval.fixtures';
import { councilApprovalMachine } from './council-approval.machine';
import { councilApprovalV1 } from './council-approval.workflow';

const AT = '2020-04-09T10:00:00+02:00';
const LATER = '2020-05-01T10:00:00+02:00';
const LATEST = '2020-06-01T10:00:00+02:00';

/** One representative event per type, made legal for the snapshot where the guard needs it. */
function representativeEvents(snapshot: AnyMachineSnapshot) {
  const ctx = snapshot.context as CouncilApprovalContext;
  const n = ctx.changes;
  const session = currentSubmission(ctx)?.session ?? 'none';
  const window = { considerationStartsAt: LATER, considerationEndsAt: LATEST };
  return [
    { type: 'DraftPublished', data: { documentRef: 'D', version: `d${n}`, publishedAt: AT } },
    { type: 'ConsultationOpened', data: { round: ctx.rounds.length + 1, closesAt: LATER, openedAt: AT } },
    { type: 'DeadlineExtended', data: { closesAt: LATEST, previousClosesAt: LATER, reason: 'r', extendedAt: AT } },
    { type: 'ConsultationClosed', data: { closedAt: AT, automatic: false } },
    { type: 'FinalDraftPublished', data: { documentRef: 'D', version: `f${n}`, publishedAt: AT } },
    { type: 'DraftSubmittedToCouncil', data: { session: `S${n}`, documentRefs: ['D'], ...window, submittedAt: AT } },
    { type: 'CouncilConsiderationPostponed', data: { fromSession: session, session: `P${n}`, ...window, reason: 'r', postponedAt: AT } },
    ...(['approved', 'further-consultation', 'deferred'] as const).map((outcome) => ({
      type: 'CouncilDecisionRecorded', data: { session, outcome, mode: 'session', recordedAt: AT },
    })),
    { type: 'MeetingScheduled', data: { meetingId: `m${n}`, startsAt: AT, endsAt: LATER, format: 'virtual', scheduledAt: AT } },
    { type: 'ContributionsPublished', data: { contributionIds: ['c'], publishedAt: AT } },
    { type: 'ConsultationWithdrawn', data: { reason: 'r', withdrawnAt: AT } },
  ];
}

/** The state and the last Council outcome: enough to tell deferral apart without an infinite graph. */
const serializeState = (s: AnyMachineSnapshot) =>
  JSON.stringify([s.value, (s.context as CouncilApprovalContext).decisions.at(-1)?.outcome ?? null]);

const options = { input: GCA_LAUNCH, events: representativeEvents as never, serializeState: serializeState as never };

describe('council-approval: model', () => {
  const shortest = getShortestPaths(councilApprovalMachine, options);
  const simple = getSimplePaths(councilApprovalMachine, options);

  it('reaches every declared state', () => {
    const reached = new Set(shortest.map((p) => p.state.value as string));
    expect([...reached].sort()).toEqual(declaredStates(councilApprovalV1).sort());
  });

  it.each(shortest.map((p) => [serializeState(p.state), p] as const))('replays the shortest path to %s', (_name, path) => {
    const { snapshot, seen, expected } = replayPath(councilApprovalV1, GCA_LAUNCH, path);
    expect(seen).toEqual(expected);
    expect(snapshot.value).toEqual(path.state.value);
  });

  it('summarises the state at the end of every simple path as its view does', () => {
    for (const path of simple) {
      const { snapshot } = replayPath(councilApprovalV1, GCA_LAUNCH, path);
      const { state, phase, nextDeadline } = councilApprovalV1.view(snapshot);
      expect(councilApprovalV1.summary(snapshot)).toStrictEqual({ state, phase, nextDeadline });
    }
  });

  it(`replays every simple path through transition() to the path's state`, () => {
    expect(simple.length).toBeGreaterThan(shortest.length);
    for (const path of simple) {
      const { snapshot, seen, expected } = replayPath(councilApprovalV1, GCA_LAUNCH, path);
      expect(seen).toEqual(expected);
      expect(snapshot.value).toEqual(path.state.value);
    }
  });

  it('reaches approved after a further-consultation round, and holds a deferral in submittedToCouncil', () => {
    const paths = simple.filter((p) => p.state.value === 'approved').map((p) => p.steps.map((s) => s.event.type).join(' '));
    expect(paths.some((p) => p.includes('CouncilDecisionRecorded DraftPublished'))).toBe(true);
    expect(simple.some((p) => serializeState(p.state) === JSON.stringify(['submittedToCouncil', 'deferred']))).toBe(true);
  });
});
