import { phasedForumV1 as forum } from './phased-forum.workflow';
import { advanced, given, HISTORY } from './phased-forum.fixtures';

const snapshotOf = (history: typeof HISTORY.notStarted) => given(history).snapshot;

describe('phased-forum: deadlines', () => {
  it('starts the forum at the first phase\'s start', () => {
    expect(forum.deadlines(snapshotOf(HISTORY.notStarted))).toEqual([{
      key: 'forum-starts:launch:2018-07-02T14:30:00+02:00', kind: 'phase-starts', dueAt: '2018-07-02T14:30:00+02:00',
      title: 'Virtual launch meeting starts', event: advanced(null, 'launch', '2018-07-02T14:30:00+02:00'),
    }]);
  });

  it('advances at the current phase\'s end, under a key naming phase and end', () => {
    expect(forum.deadlines(snapshotOf(HISTORY.inLaunch))).toEqual([{
      key: 'phase-ends:launch:2018-07-02T15:30:00+02:00', kind: 'phase-ends', dueAt: '2018-07-02T15:30:00+02:00',
      title: 'Virtual launch meeting ends', event: advanced('launch', 'first-physical-meeting', '2018-07-02T15:30:00+02:00'),
    }]);
  });

  it('offers deadline events the machine accepts', () => {
    const [deadline] = forum.deadlines(snapshotOf(HISTORY.inLaunch));
    expect(given([...HISTORY.inLaunch, deadline.event]).snapshot.context.current).toBe(1);
  });

  it('gives an extended phase a new key', () => {
    const extended = [...HISTORY.beforeIgf, {
      type: 'DeadlineExtended',
      data: { phaseKey: 'first-physical-meeting', endsAt: '2018-11-13T17:00:00+01:00', previousEndsAt: '2018-11-13T15:00:00+01:00', reason: 'x', extendedAt: '2018-09-01T10:00:00+02:00' },
    }];
    expect(forum.deadlines(snapshotOf(extended)).map((d) => d.key)).toEqual(['phase-ends:first-physical-meeting:2018-11-13T17:00:00+01:00']);
  });
});

describe('phased-forum: contributions', () => {
  it('refuses contributions before the forum starts, naming the state and the start', () => {
    expect(forum.contributionCheck(snapshotOf(HISTORY.notStarted), 'formal-contribution', '2018-07-01T10:00:00+02:00')).toEqual({
      open: false,
      reason: 'Contributions are accepted only while the forum is running; it is in state "notStarted". It starts on 2018-07-02T14:30:00+02:00.',
    });
  });

  it('accepts formal contributions, workshop requests and nominations from the launch', () => {
    const snapshot = snapshotOf(HISTORY.inLaunch);
    for (const kind of ['formal-contribution', 'workshop-request', 'nomination'] as const) {
      expect(forum.contributionCheck(snapshot, kind, '2018-07-02T15:00:00+02:00')).toEqual({ open: true });
    }
  });

  it('refuses kinds the current phase does not open, naming the phase', () => {
    expect(forum.contributionCheck(snapshotOf(HISTORY.inLaunch), 'comment', '2018-07-02T15:00:00+02:00')).toEqual({
      open: false, reason: 'The current phase "Virtual launch meeting" (launch) does not accept "comment" contributions.',
    });
  });

  it('keeps formal contributions open past the launch phase\'s end, until the 10 Feb 2019 deadline', () => {
    expect(forum.contributionCheck(snapshotOf(HISTORY.inLaunch), 'formal-contribution', '2019-02-10T23:00:00+01:00')).toEqual({ open: true });
  });

  it('enforces the 10 Feb 2019 deadline even if the phases were not advanced', () => {
    expect(forum.contributionCheck(snapshotOf(HISTORY.beforeIgf), 'formal-contribution', '2019-02-11T09:00:00+01:00')).toEqual({
      open: false, reason: '"formal-contribution" contributions closed at 2019-02-10T23:59:59+01:00.',
    });
  });

  it('closes nominations with the last phase that opens them', () => {
    expect(forum.contributionCheck(snapshotOf(HISTORY.beforeIgf), 'nomination', '2019-02-06T09:00:00+01:00').open).toBe(false);
  });
});

describe('phased-forum: view and allowed commands', () => {
  it('shows the current phase, phases as milestones and meeting phases as meetings', () => {
    const view = forum.view(snapshotOf(HISTORY.beforeIgf));
    expect(view).toMatchObject({
      state: 'running', phase: 'first-physical-meeting', drafts: [],
      nextDeadline: { key: 'phase-ends:first-physical-meeting:2018-11-13T15:00:00+01:00', kind: 'phase-ends', dueAt: '2018-11-13T15:00:00+01:00' },
    });
    expect(view.milestones.map((m) => m.key)).toEqual(['launch', 'first-physical-meeting', 'second-physical-meeting', 'deadline', 'final-brief']);
    expect(view.meetings.map((m) => [m.id, m.format, m.status])).toEqual([
      ['launch', 'virtual', 'held'], ['first-physical-meeting', 'physical', 'scheduled'], ['second-physical-meeting', 'physical', 'scheduled'],
    ]);
  });

  it('shows phase null before the start', () => {
    expect(forum.view(snapshotOf(HISTORY.notStarted))).toMatchObject({ state: 'notStarted', phase: null });
  });

  it('allows advancing and changes while running', () => {
    expect(forum.allowedCommands(snapshotOf(HISTORY.beforeIgf)).sort()).toEqual(
      ['advancePhase', 'changeMeetingFormat', 'extendDeadline', 'publishContributions', 'reschedulePhase', 'withdraw'],
    );
  });

  it('allows nothing once withdrawn', () => {
    const withdrawn = [...HISTORY.notStarted, {
      type: 'ConsultationWithdrawn', data: { reason: 'x', withdrawnAt: '2018-07-01T10:00:00+02:00' },
    }];
    expect(forum.allowedCommands(snapshotOf(withdrawn))).toEqual([]);
  });
});
