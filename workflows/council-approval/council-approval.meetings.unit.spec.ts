import { given, HISTORY, meetingScheduled } from './council-approval.fixtures';

const NOW = '2020-04-15T12:00:00+02:00';
const withMeeting = [...HISTORY.consultationOpen, meetingScheduled];

describe('council-approval: meetings', () => {
  it('schedules a meeting with the caller-chosen id', () => {
    given(HISTORY.consultationOpen).when('scheduleMeeting', {
      meetingId: 'm1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00', format: 'virtual',
    }, '2020-04-09T11:00:00+02:00').then([meetingScheduled]);
  });

  it('refuses a second meeting with the same id', () => {
    given(withMeeting).when('scheduleMeeting', {
      meetingId: 'm1', startsAt: '2020-05-23T13:00:00+02:00', endsAt: '2020-05-23T14:30:00+02:00', format: 'physical',
    }, NOW).thenRejects();
  });

  it('schedules meetings in preparing too (CL-19/47 announced the meeting before any draft)', () => {
    given(HISTORY.preparing).when('scheduleMeeting', {
      meetingId: 'm0', startsAt: '2020-03-30T10:00:00+02:00', endsAt: '2020-03-30T17:00:00+02:00', format: 'physical', location: 'Geneva',
    }, '2019-10-15T10:00:00+02:00').thenState('preparing');
  });

  it('allows meetings while the draft is before the Council', () => {
    given(HISTORY.submittedToCouncil).when('scheduleMeeting', {
      meetingId: 'm2', startsAt: '2021-03-01T13:00:00+01:00', endsAt: '2021-03-01T15:00:00+01:00', format: 'virtual',
    }, '2021-02-01T10:00:00+01:00').thenState('submittedToCouncil');
  });

  it('reschedules a meeting with a reason', () => {
    given(withMeeting).when('rescheduleMeeting', {
      meetingId: 'm1', startsAt: '2020-04-24T13:00:00+02:00', endsAt: '2020-04-24T14:30:00+02:00', reason: 'Holiday',
    }, NOW).then([{
      type: 'MeetingRescheduled',
      data: { meetingId: 'm1', startsAt: '2020-04-24T13:00:00+02:00', endsAt: '2020-04-24T14:30:00+02:00', reason: 'Holiday', rescheduledAt: NOW },
    }]);
  });

  it('refuses to reschedule an unknown meeting', () => {
    given(withMeeting).when('rescheduleMeeting', {
      meetingId: 'nope', startsAt: '2020-04-24T13:00:00+02:00', endsAt: '2020-04-24T14:30:00+02:00', reason: 'x',
    }, NOW).thenRejects();
  });

  it('changes the format with a reason', () => {
    given(withMeeting).when('changeMeetingFormat', { meetingId: 'm1', format: 'hybrid', reason: 'Room available' }, NOW)
      .then([{ type: 'MeetingFormatChanged', data: { meetingId: 'm1', format: 'hybrid', reason: 'Room available', changedAt: NOW } }]);
  });

  it('refuses a format change to the same format', () => {
    given(withMeeting).when('changeMeetingFormat', { meetingId: 'm1', format: 'virtual', reason: 'x' }, NOW).thenRejects();
  });

  it('refuses a format change of an unknown meeting', () => {
    given(withMeeting).when('changeMeetingFormat', { meetingId: 'nope', format: 'hybrid', reason: 'x' }, NOW).thenRejects();
  });

  it('records a meeting once it has begun', () => {
    given(withMeeting).when('recordMeeting', { meetingId: 'm1', participants: 90, summary: 'Comments per section' }, '2020-04-23T15:00:00+02:00')
      .then([{
        type: 'MeetingRecorded',
        data: { meetingId: 'm1', participants: 90, summary: 'Comments per section', recordedAt: '2020-04-23T15:00:00+02:00' },
      }]);
  });

  it('refuses to record a meeting before it begins', () => {
    given(withMeeting).when('recordMeeting', { meetingId: 'm1', participants: 3 }, NOW).thenRejects();
  });

  it('refuses to record an unknown meeting', () => {
    given(withMeeting).when('recordMeeting', { meetingId: 'nope', participants: 3 }, '2020-04-23T15:00:00+02:00').thenRejects();
  });

  it('refuses to move a meeting that was held', () => {
    const history = [...withMeeting, { type: 'MeetingRecorded', data: { meetingId: 'm1', participants: 90, recordedAt: '2020-04-23T15:00:00+02:00' } }];
    given(history).when('rescheduleMeeting', {
      meetingId: 'm1', startsAt: '2020-05-24T13:00:00+02:00', endsAt: '2020-05-24T14:30:00+02:00', reason: 'x',
    }, NOW).thenRejects();
  });
});
