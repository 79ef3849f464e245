import fc from 'fast-check';
import type { AnyMachineSnapshot } from 'xstate';
import { applyEvent, launchSnapshot } from '../replay';
import type { DomainEvent, LaunchData, WorkflowDefinition } from '../workflow-definition';
import { councilApprovalV1, councilApprovalV2 } from '../council-approval';
import { GCA_LAUNCH, consultationClosed, consultationOpened, draftPublished, meetingScheduled } from '../council-approval/council-approval.fixtures';
import { phasedForumV1 } from '../phased-forum';
import { HISTORY, WSIS_2019, WSIS_2019_PHASES } from '../phased-forum/phased-forum.fixtures';
import { asSnapshot, foldEvent, foldLaunch, foldable, type FoldedState } from './machine-fold';

/*
 * The fold must be the machine: after every event of any history, legal or not, the folded
 * state has the machine snapshot's state, context and status, and the workflow's summary,
 * view and deadlines read from it are the same.
 */

/** What the read models take from a state: compared between the fold and the machine. */
function seen(definition: WorkflowDefinition, snapshot: AnyMachineSnapshot) {
  return {
    value: snapshot.value, context: snapshot.context, status: snapshot.status,
    summary: definition.summary(snapshot), view: definition.view(snapshot), deadlines: definition.deadlines(snapshot),
  };
}

/** Folds and replays `events` side by side, comparing after each one; returns how many the machine accepted. */
function compare(definition: WorkflowDefinition, launch: LaunchData, events: readonly DomainEvent[]): number {
  let snapshot = launchSnapshot(definition, launch);
  let folded: FoldedState = foldLaunch(definition, launch)!;
  expect(seen(definition, asSnapshot(folded))).toEqual(seen(definition, snapshot));
  let accepted = 0;
  for (const event of events) {
    const step = applyEvent(definition, snapshot, event);
    const next = foldEvent(definition, folded, event);
    expect(next !== folded).toBe(step.accepted);
    if (step.accepted) accepted += 1;
    snapshot = step.snapshot;
    folded = next;
    expect(seen(definition, asSnapshot(folded))).toEqual(seen(definition, snapshot));
  }
  return accepted;
}

const AT = fc.constantFrom('2020-04-09T10:00:00+02:00', '2020-04-30T23:59:00+02:00', '2020-05-01T10:00:00Z', '2020-06-01T10:00:00+02:00');
const SESSION = fc.constantFrom('C-2020', 'C-2021', 'VC-1');
const MEETING = fc.constantFrom('m1', 'm2');
const FORMAT = fc.constantFrom('physical', 'virtual', 'hybrid');
const event = <T>(type: string, data: fc.Arbitrary<T>) => data.map((d): DomainEvent => ({ type, data: d as Record<string, unknown> }));

/** Council-approval events with data from small pools: the guards pass often enough, and refuse too. */
const councilEvent = fc.oneof(
  event('DraftPublished', fc.record({ documentRef: fc.constantFrom('D', 'E'), version: fc.constantFrom('1', '2'), publishedAt: AT })),
  event('FinalDraftPublished', fc.record({ documentRef: fc.constant('D'), version: fc.constantFrom('f1', 'f2'), publishedAt: AT })),
  event('ConsultationOpened', fc.record({ round: fc.integer({ min: 1, max: 3 }), closesAt: AT, openedAt: AT })),
  event('DeadlineExtended', fc.record({ closesAt: AT, previousClosesAt: fc.constant(null), reason: fc.constant('r'), extendedAt: AT })),
  event('ConsultationClosed', fc.record({ closedAt: AT, automatic: fc.boolean() })),
  event('MeetingScheduled', fc.record({ meetingId: MEETING, startsAt: AT, endsAt: AT, format: FORMAT, scheduledAt: AT })),
  event('MeetingRescheduled', fc.record({ meetingId: MEETING, startsAt: AT, endsAt: AT, reason: fc.constant('r'), rescheduledAt: AT })),
  event('MeetingFormatChanged', fc.record({ meetingId: MEETING, format: FORMAT, reason: fc.constant('r'), changedAt: AT })),
  event('MeetingRecorded', fc.record({ meetingId: MEETING, participants: fc.nat(50), recordedAt: AT })),
  event('DraftSubmittedToCouncil', fc.record({ session: SESSION, documentRefs: fc.constant(['D']), considerationStartsAt: AT, considerationEndsAt: AT, submittedAt: AT })),
  event('CouncilConsiderationPostponed', fc.record({
    fromSession: fc.option(SESSION), session: SESSION, considerationStartsAt: AT, considerationEndsAt: AT, reason: fc.constant('r'), postponedAt: AT,
  })),
  event('CouncilDecisionRecorded', fc.record({ session: SESSION, outcome: fc.constantFrom('approved', 'further-consultation', 'deferred'), mode: fc.constant('session'), recordedAt: AT })),
  event('ContributionsPublished', fc.record({ contributionIds: fc.subarray(['c1', 'c2', 'c3']), publishedAt: AT })),
  event('ConsultationWithdrawn', fc.record({ reason: fc.constant('r'), withdrawnAt: AT })),
);

const PHASE = fc.constantFrom(...WSIS_2019_PHASES.map((p) => p.key), 'nowhere');
const forumEvent = fc.oneof(
  { arbitrary: event('PhaseAdvanced', fc.record({ fromPhase: fc.option(PHASE), toPhase: fc.option(PHASE), advancedAt: AT, automatic: fc.boolean() })), weight: 4 },
  event('PhaseRescheduled', fc.record({ phaseKey: PHASE, startsAt: AT, endsAt: AT, previousStartsAt: fc.constant(null), previousEndsAt: fc.constant(null), reason: fc.constant('r'), rescheduledAt: AT })),
  event('MeetingFormatChanged', fc.record({ phaseKey: PHASE, format: FORMAT, previousFormat: fc.constant(null), reason: fc.constant('r'), changedAt: AT })),
  event('DeadlineExtended', fc.record({ phaseKey: PHASE, endsAt: AT, previousEndsAt: fc.constant(null), reason: fc.constant('r'), extendedAt: AT })),
  event('ContributionsPublished', fc.record({ contributionIds: fc.subarray(['c1', 'c2']), publishedAt: AT })),
  event('ConsultationWithdrawn', fc.record({ reason: fc.constant('r'), withdrawnAt: AT })),
);

/** The forum's phases advanced in order, so that random histories reach the running and concluded states. */
const inOrder = WSIS_2019_PHASES.map((phase, i) => ({
  type: 'PhaseAdvanced', data: { fromPhase: i === 0 ? null : WSIS_2019_PHASES[i - 1].key, toPhase: phase.key, advancedAt: phase.startsAt, automatic: true },
}));

describe('the machine fold', () => {
  it('covers every registered workflow', () => {
    for (const definition of [councilApprovalV1, councilApprovalV2, phasedForumV1]) expect(foldable(definition)).toBe(true);
  });

  it('gives the machine\'s state after each event of the GCA and WSIS seed histories', () => {
    expect(compare(councilApprovalV2, { ...GCA_LAUNCH, version: 2 }, [draftPublished, consultationOpened, meetingScheduled, consultationClosed])).toBe(4);
    const concluded = [...inOrder, { type: 'PhaseAdvanced', data: { fromPhase: 'final-brief', toPhase: null, advancedAt: '2019-03-08T12:00:00+01:00', automatic: true } }];
    expect(compare(phasedForumV1, WSIS_2019, [...HISTORY.beforeIgf.slice(1), ...concluded.slice(2)])).toBe(concluded.length);
  });

  it('gives the machine\'s state after every event of random council-approval histories, accepted or refused (v1 and v2)', () => {
    fc.assert(fc.property(fc.array(councilEvent, { maxLength: 40 }), fc.boolean(), (events, v2) => {
      const definition = v2 ? councilApprovalV2 : councilApprovalV1;
      compare(definition, { ...GCA_LAUNCH, version: definition.version }, [draftPublished, consultationOpened, ...events]);
    }), { numRuns: 300 });
  });

  it('gives the machine\'s state after every event of random phased-forum histories, accepted or refused', () => {
    fc.assert(fc.property(fc.nat(inOrder.length), fc.array(forumEvent, { maxLength: 30 }), (started, events) => {
      compare(phasedForumV1, WSIS_2019, [...inOrder.slice(0, started), ...events]);
    }), { numRuns: 300 });
  });
});
