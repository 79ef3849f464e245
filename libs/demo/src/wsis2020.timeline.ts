import { Timeline, participant } from './timeline';

const ISOC = participant('technical-community', 'ISOC', 'Internet Society');

/** Seed 002: the WSIS Forum 2020 moves online (CL-20/025) and its milestones move. */
export const wsis2020Timeline: Timeline = {
  name: 'wsis2020',
  title: 'WSIS Forum 2020: from Geneva to fully virtual',
  steps: [
    {
      at: '2019-12-02T09:00:00+01:00', kind: 'launch', note: 'WSIS Forum 2020 consultation configured',
      body: {
        workflow: 'phased-forum', reference: 'WSIS-FORUM-2020', timezone: 'Europe/Zurich',
        title: { en: 'WSIS Forum 2020', ar: 'منتدى القمة العالمية لمجتمع المعلومات لعام 2020' },
        eligibleGroups: ['member-state', 'sector-member', 'associate', 'academia', 'private-sector', 'civil-society', 'technical-community', 'international-organization'],
        phases: [
          { key: 'open-call', kind: 'deadline', title: { en: 'Open call for workshops and contributions' },
            startsAt: '2020-01-06T09:00:00+01:00', endsAt: '2020-03-01T23:59:59+01:00', opens: ['formal-contribution', 'workshop-request'] },
          { key: 'forum', kind: 'meeting', title: { en: 'WSIS Forum 2020' }, format: 'physical', location: 'ITU headquarters, Geneva',
            startsAt: '2020-04-06T09:00:00+02:00', endsAt: '2020-04-09T18:00:00+02:00', opens: [] },
        ],
      },
    },
    { at: '2020-01-06T09:00:00+01:00', kind: 'clock', note: 'open call starts', expect: { state: 'running', phase: 'open-call' } },
    { at: '2020-02-10T10:00:00+01:00', kind: 'contribute', as: ISOC, note: 'workshop request',
      body: { kind: 'workshop-request', language: 'en', text: 'Workshop: community networks in a pandemic.' } },
    { at: '2020-03-02T00:00:00+01:00', kind: 'clock', note: 'open call closes; the forum is next', expect: { phase: 'forum' } },
    {
      at: '2020-03-18T10:00:00+01:00', kind: 'command', type: 'reschedulePhase', note: 'forum postponed (COVID-19)',
      payload: { phaseKey: 'forum', startsAt: '2020-09-07T09:00:00+02:00', endsAt: '2020-09-10T18:00:00+02:00', reason: 'Postponed because of COVID-19' },
    },
    {
      at: '2020-06-16T10:00:00+02:00', kind: 'command', type: 'reschedulePhase', note: 'CL-20/025: weekly online sessions from 22 June, final week 7-10 September',
      payload: { phaseKey: 'forum', startsAt: '2020-06-22T09:00:00+02:00', endsAt: '2020-09-10T18:00:00+02:00', reason: 'CL-20/025: the forum runs weekly from 22 June' },
    },
    {
      at: '2020-06-16T10:01:00+02:00', kind: 'command', type: 'changeMeetingFormat', note: 'CL-20/025: the forum becomes fully virtual',
      payload: { phaseKey: 'forum', format: 'virtual', reason: 'CL-20/025: COVID-19' }, expect: { phase: 'forum' },
    },
    { at: '2020-09-10T18:00:00+02:00', kind: 'clock', note: 'final week ends; the forum concludes', expect: { state: 'concluded' } },
  ],
};
