import { Timeline, participant } from './timeline';

const OPEN = ['formal-contribution', 'workshop-request', 'nomination'];
const CIVIL = participant('civil-society', 'APC', 'Association for Progressive Communications');
const COMPANY = participant('private-sector', 'ACME', 'ACME Telecom');
const UNIVERSITY = participant('academia', 'UCT', 'University of Cape Town');

/** Seed 001: the five phases of the WSIS Forum 2019 open consultation (CET/CEST). */
export const wsis2019Timeline: Timeline = {
  name: 'wsis2019',
  title: 'WSIS Forum 2019 open consultation: five phases',
  steps: [
    {
      at: '2018-06-25T09:00:00+02:00', kind: 'launch', note: 'open consultation on the WSIS Forum 2019 configured',
      body: {
        workflow: 'phased-forum', reference: 'WSIS-FORUM-2019', timezone: 'Europe/Zurich',
        title: { en: 'WSIS Forum 2019 open consultation', ar: 'المشاورة المفتوحة لمنتدى القمة العالمية لمجتمع المعلومات لعام 2019' },
        eligibleGroups: ['member-state', 'private-sector', 'civil-society', 'academia', 'technical-community', 'international-organization'],
        phases: [
          { key: 'launch', kind: 'launch', title: { en: 'Virtual launch', ar: 'إطلاق افتراضي' }, format: 'virtual',
            startsAt: '2018-07-02T14:30:00+02:00', endsAt: '2018-07-02T15:30:00+02:00', opens: OPEN },
          { key: 'igf-meeting', kind: 'meeting', title: { en: 'First physical meeting (at the IGF)' }, format: 'physical', location: 'Paris (IGF 2018)',
            startsAt: '2018-11-12T09:00:00+01:00', endsAt: '2018-11-14T18:00:00+01:00', opens: OPEN },
          { key: 'geneva-meeting', kind: 'meeting', title: { en: 'Second physical meeting' }, format: 'physical', location: 'ITU headquarters, Geneva',
            startsAt: '2019-01-31T10:00:00+01:00', endsAt: '2019-01-31T17:00:00+01:00', opens: OPEN },
          { key: 'deadline', kind: 'deadline', title: { en: 'Deadline for formal contributions and workshop requests' },
            startsAt: '2019-01-31T17:00:00+01:00', endsAt: '2019-02-10T23:59:59+01:00', opens: ['formal-contribution', 'workshop-request'] },
          { key: 'final-brief', kind: 'brief', title: { en: 'Final brief' }, format: 'physical', location: 'ITU headquarters, Geneva',
            startsAt: '2019-03-08T10:00:00+01:00', endsAt: '2019-03-08T12:00:00+01:00', opens: [] },
        ],
      },
      expect: { state: 'notStarted' },
    },
    { at: '2018-07-02T14:30:00+02:00', kind: 'clock', note: 'phase 1: virtual launch; website opens for contributions', expect: { state: 'running', phase: 'launch' } },
    { at: '2018-07-02T15:00:00+02:00', kind: 'contribute', as: COMPANY, note: 'nomination of a high-level track facilitator',
      body: { kind: 'nomination', language: 'en', text: 'We nominate our CTO as facilitator of the high-level track on AI.' } },
    { at: '2018-07-02T15:30:00+02:00', kind: 'clock', note: 'launch meeting ends; the IGF meeting is next', expect: { phase: 'igf-meeting' } },
    { at: '2018-09-14T10:00:00+02:00', kind: 'contribute', as: CIVIL, note: 'formal contribution on the thematic aspects',
      body: { kind: 'formal-contribution', language: 'en', text: 'Proposed theme: meaningful connectivity for women and girls.' } },
    { at: '2018-11-14T18:00:00+01:00', kind: 'clock', note: 'phase 2: first physical meeting held at the IGF', expect: { phase: 'geneva-meeting' } },
    { at: '2019-01-31T17:00:00+01:00', kind: 'clock', note: 'phase 3: second physical meeting in Geneva', expect: { phase: 'deadline' } },
    { at: '2019-02-08T12:00:00+01:00', kind: 'contribute', as: UNIVERSITY, note: 'binding workshop request',
      body: { kind: 'workshop-request', language: 'en', text: 'Workshop: measuring the digital divide with open data.' } },
    { at: '2019-02-10T23:59:00+01:00', kind: 'contribute', as: CIVIL, note: 'last formal contribution, a minute before the deadline',
      body: { kind: 'formal-contribution', language: 'fr', text: 'Contribution sur la gouvernance des données.' } },
    { at: '2019-02-11T00:00:00+01:00', kind: 'clock', note: 'phase 4: the deadline of 10 February has passed', expect: { phase: 'final-brief' } },
    { at: '2019-02-11T09:00:00+01:00', kind: 'contribute', as: COMPANY, note: 'a formal contribution after the deadline is refused',
      body: { kind: 'formal-contribution', language: 'en', text: 'Late contribution.' }, expect: { status: 409 } },
    { at: '2019-02-12T09:00:00+01:00', kind: 'publish-all', note: 'contributions published' },
    { at: '2019-03-08T12:00:00+01:00', kind: 'clock', note: 'phase 5: final brief in Geneva; the consultation concludes', expect: { state: 'concluded', phase: null } },
  ],
};
