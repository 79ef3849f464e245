import { Timeline, participant } from './timeline';

const SECTIONS = [
  { number: '1', title: 'Introduction' },
  { number: '2', title: 'Legal measures' },
  { number: '3', title: 'Technical and procedural measures' },
  { number: '4', title: 'Organizational structures' },
  { number: '5', title: 'Capacity building' },
  { number: '6', title: 'International cooperation' },
  { number: '7', title: 'Cross-cutting guidelines' },
];
const BRAZIL = participant('member-state', 'BRA', 'Brazil');
const KENYA = participant('member-state', 'KEN', 'Kenya');
const ACADEMIA = participant('academia', 'UNIGE', 'University of Geneva');

/**
 * Seeds 000 and 003: the guidelines for the utilization of the Global Cybersecurity
 * Agenda (GCA), from the open consultation of 2019 to Council approval in 2022.
 * Times are Geneva local time.
 */
export const gcaTimeline: Timeline = {
  name: 'gca',
  title: 'GCA guidelines: open consultation to Council approval (2019-2022)',
  steps: [
    {
      at: '2019-10-15T09:00:00+02:00', kind: 'launch', note: 'CL-19/47 announces an open consultation on the GCA guidelines',
      body: {
        workflow: 'council-approval', reference: 'CL-19/47', timezone: 'Europe/Zurich',
        title: { en: 'Guidelines for the utilization of the Global Cybersecurity Agenda (GCA)', ar: 'مبادئ توجيهية بشأن استعمال البرنامج العالمي للأمن السيبراني' },
        eligibleGroups: ['member-state', 'sector-member', 'associate', 'academia'],
      },
      expect: { state: 'preparing' },
    },
    {
      at: '2019-10-15T09:05:00+02:00', kind: 'command', type: 'scheduleMeeting', note: 'open consultation meeting planned in Geneva',
      payload: { meetingId: 'ocm-1', startsAt: '2020-04-06T14:00:00+02:00', endsAt: '2020-04-06T17:00:00+02:00', format: 'physical', location: 'ITU headquarters, Geneva' },
    },
    {
      at: '2020-03-18T10:00:00+01:00', kind: 'command', type: 'rescheduleMeeting', note: 'CL-20/18: forum postponed (COVID-19), meeting moved',
      payload: { meetingId: 'ocm-1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00', reason: 'CL-20/18: the forum is postponed because of COVID-19' },
    },
    {
      at: '2020-03-18T10:01:00+01:00', kind: 'command', type: 'changeMeetingFormat', note: 'CL-20/18: the physical meeting becomes a virtual one',
      payload: { meetingId: 'ocm-1', format: 'virtual', reason: 'CL-20/18: replaced by a virtual open consultation meeting' },
    },
    {
      at: '2020-04-09T12:00:00+02:00', kind: 'command', type: 'publishDraft', note: 'draft guidelines published online',
      payload: { documentRef: 'GCA-guidelines', version: '1', sections: SECTIONS }, expect: { state: 'draftPublished' },
    },
    {
      at: '2020-04-09T12:05:00+02:00', kind: 'command', type: 'openConsultation', note: 'comments on the draft open, per section',
      payload: { closesAt: '2020-04-30T23:59:00+02:00' }, expect: { state: 'consultationOpen' },
    },
    { at: '2020-04-20T16:00:00+02:00', kind: 'contribute', as: BRAZIL, note: 'Brazil comments on section 2',
      body: { kind: 'comment', section: '2', language: 'en', text: 'Legal measures should reference existing regional conventions.' } },
    { at: '2020-04-22T11:00:00+02:00', kind: 'contribute', as: ACADEMIA, note: 'academia comments on section 5',
      body: { kind: 'comment', section: '5', language: 'en', text: 'Capacity building should include university curricula.' } },
    {
      at: '2020-04-23T14:30:00+02:00', kind: 'command', type: 'recordMeeting', note: 'virtual meeting held, 13:00-14:30',
      payload: { meetingId: 'ocm-1', participants: 92, summary: 'Draft and inputs discussed section by section' },
    },
    { at: '2020-04-29T18:00:00+02:00', kind: 'contribute', as: KENYA, note: 'Kenya comments on section 7',
      body: { kind: 'comment', section: '7', language: 'ar', text: 'ينبغي أن تشمل المبادئ التوجيهية الشاملة حماية الأطفال على الإنترنت.' } },
    { at: '2020-05-01T08:00:00+02:00', kind: 'contribute', as: BRAZIL, note: 'a comment after the closing time is refused',
      body: { kind: 'comment', section: '3', language: 'en', text: 'Late comment.' }, expect: { status: 409, state: 'consultationClosed' } },
    { at: '2020-05-01T09:00:00+02:00', kind: 'publish-all', note: 'all written comments published' },
    {
      at: '2020-05-05T12:00:00+02:00', kind: 'command', type: 'publishFinalDraft', note: 'final draft published online',
      payload: { documentRef: 'GCA-guidelines', version: '2' }, expect: { state: 'finalDraftPublished' },
    },
    {
      at: '2020-05-05T12:05:00+02:00', kind: 'command', type: 'submitToCouncil', note: 'final draft goes to Council 2020 (9-19 June)',
      payload: { session: 'C20', documentRefs: ['C20/GCA'], considerationStartsAt: '2020-06-09T09:00:00+02:00', considerationEndsAt: '2020-06-19T18:00:00+02:00' },
      expect: { state: 'submittedToCouncil' },
    },
    {
      at: '2020-05-20T10:00:00+02:00', kind: 'command', type: 'postponeCouncilConsideration', note: 'Council 2020 postponed; consideration moves to VCC 2021',
      payload: {
        session: 'VCC-2021', considerationStartsAt: '2021-06-08T09:00:00+02:00', considerationEndsAt: '2021-06-18T18:00:00+02:00',
        reason: 'Council 2020 postponed (COVID-19)', documentRefs: ['C21/36', 'C21/71'],
      },
    },
    {
      at: '2021-02-01T10:00:00+01:00', kind: 'command', type: 'scheduleMeeting', note: 'second open consultation meeting called',
      payload: { meetingId: 'ocm-2', startsAt: '2021-03-01T13:00:00+01:00', endsAt: '2021-03-01T15:00:00+01:00', format: 'virtual' },
    },
    {
      at: '2021-03-01T15:00:00+01:00', kind: 'command', type: 'recordMeeting', note: 'second meeting held (160+ participants over both)',
      payload: { meetingId: 'ocm-2', participants: 71 },
    },
    {
      at: '2021-06-25T10:00:00+02:00', kind: 'command', type: 'recordCouncilDecision',
      note: 'VCC 2021, by correspondence: note the report (C21/36), further consultations, revised draft to the next session',
      payload: { session: 'VCC-2021', outcome: 'further-consultation', mode: 'correspondence', reference: 'C21/36', note: 'Revised draft (after C21/71) to be brought to the next session' },
      expect: { state: 'furtherConsultation' },
    },
    {
      at: '2021-10-01T12:00:00+02:00', kind: 'command', type: 'publishDraft', note: 'revised draft published for further consultation',
      payload: { documentRef: 'GCA-guidelines', version: '3', sections: SECTIONS }, expect: { state: 'draftPublished' },
    },
    {
      at: '2021-10-01T12:05:00+02:00', kind: 'command', type: 'openConsultation', note: 'second round of comments opens',
      payload: { closesAt: '2021-11-30T23:59:00+01:00' }, expect: { state: 'consultationOpen' },
    },
    { at: '2021-11-15T10:00:00+01:00', kind: 'contribute', as: KENYA, note: 'Kenya comments on the revised section 4',
      body: { kind: 'comment', section: '4', language: 'en', text: 'Welcome the national CIRT guidance.' } },
    { at: '2021-12-01T09:00:00+01:00', kind: 'clock', note: 'the round closes at its closing time', expect: { state: 'consultationClosed' } },
    { at: '2021-12-01T09:05:00+01:00', kind: 'publish-all', note: 'comments of the second round published' },
    {
      at: '2022-01-20T12:00:00+01:00', kind: 'command', type: 'publishFinalDraft', note: 'revised final draft published',
      payload: { documentRef: 'GCA-guidelines', version: '4' }, expect: { state: 'finalDraftPublished' },
    },
    {
      at: '2022-02-15T12:00:00+01:00', kind: 'command', type: 'submitToCouncil', note: 'revised draft and C22/INF/8 submitted to Council 2022',
      payload: { session: 'C22', documentRefs: ['C22/INF/8'], considerationStartsAt: '2022-03-21T09:00:00+01:00', considerationEndsAt: '2022-03-31T18:00:00+02:00' },
      expect: { state: 'submittedToCouncil' },
    },
    {
      at: '2022-03-31T17:00:00+02:00', kind: 'command', type: 'recordCouncilDecision', note: 'Council 2022 approves the guidelines',
      payload: { session: 'C22', outcome: 'approved', mode: 'session', reference: 'C22/INF/8' }, expect: { state: 'approved' },
    },
  ],
};
