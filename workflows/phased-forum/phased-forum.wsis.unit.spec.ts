import type { DomainEvent } from '../workflow-definition';
import { replay } from '../replay';
import { play } from '../testing/given';
import type { PhasedForumLaunch } from './phased-forum.launch';
import { phasedForumV1 as forum } from './phased-forum.workflow';
import { WSIS_2019 } from './phased-forum.fixtures';

/** The scheduler's part: whatever falls due by `now` is appended, as the worker would. */
function clockAt(launch: PhasedForumLaunch, history: DomainEvent[], now: string): DomainEvent[] {
  for (;;) {
    const due = forum.deadlines(replay(forum, launch, history)).filter((d) => Date.parse(d.dueAt) <= Date.parse(now));
    if (due.length === 0) return history;
    history = [...history, due[0].event];
  }
}

const check = (launch: PhasedForumLaunch, history: DomainEvent[], kind: 'formal-contribution' | 'workshop-request', now: string) =>
  forum.contributionCheck(replay(forum, launch, history), kind, now);

describe('scenario: WSIS Forum 2019, five phases', () => {
  const launched: DomainEvent[] = [{ type: 'ConsultationLaunched', data: WSIS_2019 }];
  const stateAt = (now: string) => forum.view(replay(forum, WSIS_2019, clockAt(WSIS_2019, launched, now)));

  it('opens with the virtual launch meeting on 2 Jul 2018 at 14:30', () => {
    expect(stateAt('2018-07-02T14:29:00+02:00')).toMatchObject({ state: 'notStarted', phase: null });
    expect(stateAt('2018-07-02T14:30:00+02:00')).toMatchObject({ state: 'running', phase: 'launch' });
  });

  it('waits for the IGF meeting after the launch meeting ends, taking formal contributions meanwhile', () => {
    const history = clockAt(WSIS_2019, launched, '2018-08-01T10:00:00+02:00');
    expect(forum.view(replay(forum, WSIS_2019, history)).phase).toBe('first-physical-meeting');
    expect(check(WSIS_2019, history, 'formal-contribution', '2018-08-01T10:00:00+02:00')).toEqual({ open: true });
  });

  it('runs the Geneva meeting, then the deadline phase', () => {
    expect(stateAt('2018-12-01T10:00:00+01:00').phase).toBe('second-physical-meeting');
    expect(stateAt('2019-02-08T10:00:00+01:00').phase).toBe('deadline');
  });

  it('takes workshop requests until 10 Feb 2019 and refuses them on 11 Feb', () => {
    const history = clockAt(WSIS_2019, launched, '2019-02-10T22:00:00+01:00');
    expect(check(WSIS_2019, history, 'workshop-request', '2019-02-10T22:00:00+01:00')).toEqual({ open: true });
    expect(check(WSIS_2019, history, 'workshop-request', '2019-02-11T09:00:00+01:00').open).toBe(false);
  });

  it('moves to the final brief after the deadline, where nothing is open', () => {
    const view = stateAt('2019-02-11T09:00:00+01:00');
    expect(view.phase).toBe('final-brief');
    expect(view.openContributions).toEqual([]);
  });

  it('concludes after the final brief of 8 Mar 2019', () => {
    const view = stateAt('2019-03-08T12:00:00+01:00');
    expect(view).toMatchObject({ state: 'concluded', phase: null, nextDeadline: null });
    expect(view.meetings.every((m) => m.status === 'held')).toBe(true);
  });
});

/** WSIS Forum 2020 (seed 002): CL-20/025 of 16 Jun 2020 moves the forum online. Pre-2020 dates are illustrative. */
const WSIS_2020: PhasedForumLaunch = {
  ...WSIS_2019, consultationId: 'wsis-2020', title: { en: 'WSIS Forum 2020' }, launchedAt: '2019-09-20T09:00:00+02:00',
  phases: [
    { key: 'launch', title: { en: 'Launch' }, kind: 'launch', startsAt: '2019-10-01T14:00:00+02:00', endsAt: '2019-10-01T15:00:00+02:00', format: 'virtual', opens: ['formal-contribution', 'workshop-request'] },
    { key: 'deadline', title: { en: 'Deadline for workshop requests' }, kind: 'deadline', startsAt: '2020-01-31T00:00:00+01:00', endsAt: '2020-01-31T23:59:59+01:00', opens: ['formal-contribution', 'workshop-request'] },
    { key: 'forum', title: { en: 'WSIS Forum 2020' }, kind: 'meeting', startsAt: '2020-04-06T09:00:00+02:00', endsAt: '2020-04-09T18:00:00+02:00', format: 'physical', location: 'Geneva', opens: [] },
  ],
};

describe('scenario: WSIS Forum 2020 goes virtual', () => {
  let history: DomainEvent[] = clockAt(WSIS_2020, [{ type: 'ConsultationLaunched', data: WSIS_2020 }], '2020-03-17T10:00:00+01:00');
  history = play(forum, history, 'reschedulePhase', {
    phaseKey: 'forum', startsAt: '2020-09-07T09:00:00+02:00', endsAt: '2020-09-10T18:00:00+02:00', reason: 'Postponed (COVID-19)',
  }, '2020-03-17T10:00:00+01:00');
  const staleDeadline = { type: 'PhaseAdvanced', data: { fromPhase: 'forum', toPhase: null, advancedAt: '2020-04-09T18:00:00+02:00', automatic: true } };
  history = clockAt(WSIS_2020, history, '2020-06-16T09:00:00+02:00');
  history = play(forum, history, 'changeMeetingFormat', { phaseKey: 'forum', format: 'virtual', reason: 'CL-20/025: the forum becomes fully virtual' }, '2020-06-16T10:00:00+02:00');
  history = play(forum, history, 'reschedulePhase', {
    phaseKey: 'forum', startsAt: '2020-06-22T09:00:00+02:00', endsAt: '2020-09-10T18:00:00+02:00',
    reason: 'CL-20/025: weekly from 22 Jun, final week 7-10 Sep 2020',
  }, '2020-06-16T10:05:00+02:00');
  const view = forum.view(replay(forum, WSIS_2020, history));

  it('is still running the forum phase, now virtual from 22 Jun to 10 Sep', () => {
    expect(view).toMatchObject({ state: 'running', phase: 'forum' });
    expect(view.meetings.find((m) => m.id === 'forum')).toMatchObject({
      format: 'virtual', startsAt: '2020-06-22T09:00:00+02:00', endsAt: '2020-09-10T18:00:00+02:00', status: 'scheduled',
    });
  });

  it('keeps every change with its reason', () => {
    expect(view.meetings.find((m) => m.id === 'forum')!.history.map((h) => h.reason)).toEqual([
      'Postponed (COVID-19)', 'CL-20/025: the forum becomes fully virtual', 'CL-20/025: weekly from 22 Jun, final week 7-10 Sep 2020',
    ]);
  });

  it('moves the deadline to the new end and refuses the original one', () => {
    expect(view.nextDeadline).toEqual({ key: 'phase-ends:forum:2020-09-10T18:00:00+02:00', kind: 'phase-ends', dueAt: '2020-09-10T18:00:00+02:00' });
    expect(() => replay(forum, WSIS_2020, [...history, staleDeadline])).toThrow(/PhaseAdvanced/);
  });

  it('concludes after the final week', () => {
    expect(forum.view(replay(forum, WSIS_2020, clockAt(WSIS_2020, history, '2020-09-10T18:00:00+02:00'))).state).toBe('concluded');
  });
});
