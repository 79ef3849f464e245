import { Timeline, wsis2020Timeline } from '../../libs/demo/src';
import { expectedCourse } from './scenario-notifications';

/** WSIS 2019 as an addressed reader hears it: P7D/P1D before every meeting start and phase end, each phase as it starts. */
export const WSIS2019_COURSE = expectedCourse([
  ['2018-06-25T09:00:00+02:00', 'consultation.launched'],
  ['2018-06-25T14:30:00+02:00', 'deadline.reminder'], ['2018-06-25T15:30:00+02:00', 'deadline.reminder'],
  ['2018-07-01T14:30:00+02:00', 'deadline.reminder'], ['2018-07-01T15:30:00+02:00', 'deadline.reminder'],
  ['2018-07-02T14:30:00+02:00', 'phase.started'], ['2018-07-02T15:30:00+02:00', 'phase.started'],
  ['2018-11-05T09:00:00+01:00', 'deadline.reminder'], ['2018-11-07T18:00:00+01:00', 'deadline.reminder'],
  ['2018-11-11T09:00:00+01:00', 'deadline.reminder'], ['2018-11-13T18:00:00+01:00', 'deadline.reminder'],
  ['2018-11-14T18:00:00+01:00', 'phase.started'],
  ['2019-01-24T10:00:00+01:00', 'deadline.reminder'], ['2019-01-24T17:00:00+01:00', 'deadline.reminder'],
  ['2019-01-30T10:00:00+01:00', 'deadline.reminder'], ['2019-01-30T17:00:00+01:00', 'deadline.reminder'],
  ['2019-01-31T17:00:00+01:00', 'phase.started'],
  ['2019-02-03T23:59:59+01:00', 'deadline.reminder'], ['2019-02-09T23:59:59+01:00', 'deadline.reminder'],
  ['2019-02-10T23:59:59+01:00', 'phase.started'], ['2019-02-12T09:00:00+01:00', 'contributions.published'],
  ['2019-03-01T10:00:00+01:00', 'deadline.reminder'], ['2019-03-01T12:00:00+01:00', 'deadline.reminder'],
  ['2019-03-07T10:00:00+01:00', 'deadline.reminder'], ['2019-03-07T12:00:00+01:00', 'deadline.reminder'],
  ['2019-03-08T12:00:00+01:00', 'consultation.closed'],
]);

/** WSIS 2020: the open call's end reminded, the forum moved twice and made virtual, reminded of its new dates only. */
export const WSIS2020_COURSE = expectedCourse([
  ['2019-12-02T09:00:00+01:00', 'consultation.launched'], ['2020-01-06T09:00:00+01:00', 'phase.started'],
  ['2020-02-23T23:59:59+01:00', 'deadline.reminder'], ['2020-02-29T23:59:59+01:00', 'deadline.reminder'],
  ['2020-03-01T23:59:59+01:00', 'phase.started'], ['2020-03-18T10:00:00+01:00', 'meeting.rescheduled'],
  ['2020-06-16T10:00:00+02:00', 'meeting.rescheduled'], ['2020-06-16T10:01:00+02:00', 'meeting.format-changed'],
  ['2020-06-21T09:00:00+02:00', 'deadline.reminder'], ['2020-09-03T18:00:00+02:00', 'deadline.reminder'],
  ['2020-09-09T18:00:00+02:00', 'deadline.reminder'], ['2020-09-10T18:00:00+02:00', 'consultation.closed'],
]);

/** WSIS 2020 up to the forum, its open call extended from 1 to 8 March on 20 February (not in the seed: it shows `deadline.changed`). */
export const wsis2020Extended: Timeline = {
  name: 'wsis2020-extended',
  title: 'WSIS Forum 2020, open call extended (variant)',
  steps: [
    { ...wsis2020Timeline.steps[0], kind: 'launch', body: { ...(wsis2020Timeline.steps[0] as { body: Record<string, unknown> }).body, reference: 'WSIS-FORUM-2020-X' } },
    wsis2020Timeline.steps[1],
    {
      at: '2020-02-20T10:00:00+01:00', kind: 'command', type: 'extendDeadline', note: 'open call extended by a week',
      payload: { phaseKey: 'open-call', endsAt: '2020-03-08T23:59:59+01:00', reason: 'More time for workshop requests' },
    },
    { at: '2020-03-02T00:00:00+01:00', kind: 'clock', note: 'the open call is still open', expect: { phase: 'open-call' } },
    { at: '2020-03-09T00:00:00+01:00', kind: 'clock', note: 'the extended call closes; the forum is next', expect: { phase: 'forum' } },
  ],
};
