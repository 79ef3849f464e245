import { InvalidPayload } from '../testing/given';
import { advanced, given, HISTORY, WSIS_2019_PHASES } from './phased-forum.fixtures';

const NOW = '2018-09-01T10:00:00+02:00';
const lastPhase = WSIS_2019_PHASES[WSIS_2019_PHASES.length - 1];

describe('phased-forum: advancing', () => {
  it('starts in notStarted', () => {
    expect(given(HISTORY.notStarted).snapshot.value).toBe('notStarted');
  });

  it('starts the forum with its first phase on advancePhase', () => {
    given(HISTORY.notStarted).when('advancePhase', {}, '2018-07-02T14:25:00+02:00')
      .then([advanced(null, 'launch', '2018-07-02T14:25:00+02:00', false)]);
  });

  it('advances to the next phase by hand before its end', () => {
    const after = given(HISTORY.inLaunch).when('advancePhase', {}, '2018-07-02T15:10:00+02:00')
      .then([advanced('launch', 'first-physical-meeting', '2018-07-02T15:10:00+02:00', false)]);
    expect(after.context.current).toBe(1);
  });

  it('concludes when the last phase is advanced', () => {
    const phases = WSIS_2019_PHASES.map((p) => p.key);
    const history = [HISTORY.notStarted[0], advanced(null, phases[0], '2018-07-02T14:30:00+02:00'),
      ...phases.slice(1).map((key, i) => advanced(phases[i], key, WSIS_2019_PHASES[i].endsAt))];
    given(history).when('advancePhase', {}, lastPhase.endsAt).thenState('concluded');
  });

  it('refuses an automatic advance before the phase ends (a stale deadline)', () => {
    expect(() => given([...HISTORY.inLaunch, advanced('launch', 'first-physical-meeting', '2018-07-02T15:00:00+02:00')]))
      .toThrow(/PhaseAdvanced/);
  });

  it('refuses an advance that names another phase than the current one', () => {
    expect(() => given([...HISTORY.inLaunch, advanced('deadline', 'final-brief', '2019-02-11T00:00:00+01:00')])).toThrow(/PhaseAdvanced/);
  });
});

describe('phased-forum: changing phases', () => {
  const move = { phaseKey: 'first-physical-meeting', startsAt: '2018-11-14T13:00:00+01:00', endsAt: '2018-11-14T15:00:00+01:00', reason: 'IGF agenda' };

  it('reschedules a phase to come, recording the previous dates', () => {
    given(HISTORY.beforeIgf).when('reschedulePhase', move, NOW).then([{
      type: 'PhaseRescheduled',
      data: { ...move, previousStartsAt: '2018-11-13T13:00:00+01:00', previousEndsAt: '2018-11-13T15:00:00+01:00', rescheduledAt: NOW },
    }]);
  });

  it('refuses to reschedule a phase that has ended', () => {
    given(HISTORY.beforeIgf).when('reschedulePhase', { ...move, phaseKey: 'launch' }, NOW).thenRejects();
  });

  it('refuses to reschedule an unknown phase', () => {
    given(HISTORY.beforeIgf).when('reschedulePhase', { ...move, phaseKey: 'nope' }, NOW).thenRejects();
  });

  it('answers an end before the start as an invalid payload', () => {
    given(HISTORY.beforeIgf).when('reschedulePhase', { ...move, endsAt: '2018-11-01T00:00:00+01:00' }, NOW).thenThrows(InvalidPayload);
  });

  it('changes a meeting phase to virtual with a reason', () => {
    given(HISTORY.beforeIgf).when('changeMeetingFormat', { phaseKey: 'second-physical-meeting', format: 'hybrid', reason: 'Remote participation' }, NOW)
      .then([{
        type: 'MeetingFormatChanged',
        data: { phaseKey: 'second-physical-meeting', format: 'hybrid', previousFormat: 'physical', reason: 'Remote participation', changedAt: NOW },
      }]);
  });

  it('refuses a format change to the same format', () => {
    given(HISTORY.beforeIgf).when('changeMeetingFormat', { phaseKey: 'second-physical-meeting', format: 'physical', reason: 'x' }, NOW).thenRejects();
  });

  it('extends a phase to a later end', () => {
    given(HISTORY.beforeIgf).when('extendDeadline', { phaseKey: 'deadline', endsAt: '2019-02-17T23:59:59+01:00', reason: 'Many requests' }, NOW)
      .then([{
        type: 'DeadlineExtended',
        data: { phaseKey: 'deadline', endsAt: '2019-02-17T23:59:59+01:00', previousEndsAt: '2019-02-10T23:59:59+01:00', reason: 'Many requests', extendedAt: NOW },
      }]);
  });

  it('refuses an "extension" to an earlier end', () => {
    given(HISTORY.beforeIgf).when('extendDeadline', { phaseKey: 'deadline', endsAt: '2019-02-01T00:00:00+01:00', reason: 'x' }, NOW).thenRejects();
  });

  it('publishes contributions and withdraws', () => {
    given(HISTORY.beforeIgf).when('publishContributions', { contributionIds: ['c1'] }, NOW)
      .then([{ type: 'ContributionsPublished', data: { contributionIds: ['c1'], publishedAt: NOW } }]);
    given(HISTORY.notStarted).when('withdraw', { reason: 'Cancelled' }, NOW).thenState('withdrawn');
    given(HISTORY.beforeIgf).when('withdraw', { reason: 'Cancelled' }, NOW).thenState('withdrawn');
  });

  it('refuses everything once withdrawn', () => {
    const withdrawn = [...HISTORY.beforeIgf, { type: 'ConsultationWithdrawn', data: { reason: 'x', withdrawnAt: NOW } }];
    given(withdrawn).when('advancePhase', {}, NOW).thenRejects();
    given(withdrawn).when('extendDeadline', { phaseKey: 'deadline', endsAt: '2019-02-17T23:59:59+01:00', reason: 'x' }, NOW).thenRejects();
  });
});
