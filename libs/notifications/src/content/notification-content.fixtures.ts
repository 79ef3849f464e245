import type { LaunchData } from '@consult/workflows';
import type { ConsultationRef } from '../notification.types';
import type { ConsultationEventLike } from './notification-content';

/** Test data: the GCA consultation (council-approval) and the WSIS 2019 forum (phased-forum), as in the workflow fixtures. */
export const GCA: ConsultationRef = {
  id: 'gca-2019',
  title: { en: 'Guidelines for the Global Cybersecurity Agenda', ar: 'المبادئ التوجيهية', fr: 'Lignes directrices du Programme mondial cybersécurité' },
  reference: 'CL-19/47',
  timezone: 'Europe/Zurich',
  eligibleGroups: ['member-state', 'sector-member', 'associate', 'academia'],
};

export const WSIS: ConsultationRef = {
  id: 'wsis-2019', title: { en: 'WSIS Forum 2019 open consultation' }, reference: null, timezone: 'Europe/Zurich',
  eligibleGroups: ['member-state', 'civil-society'],
};

export const WSIS_LAUNCH: LaunchData = {
  consultationId: 'wsis-2019', workflow: 'phased-forum', version: 1, title: WSIS.title,
  eligibleGroups: ['member-state', 'civil-society'], timezone: 'Europe/Zurich', launchedAt: '2018-06-25T09:00:00+02:00',
  phases: [
    { key: 'launch', title: { en: 'Virtual launch meeting', ar: 'اجتماع الإطلاق الافتراضي' }, kind: 'launch',
      startsAt: '2018-07-02T14:30:00+02:00', endsAt: '2018-07-02T15:30:00+02:00', format: 'virtual', opens: [] },
    { key: 'second-physical-meeting', title: { en: 'Second physical meeting' }, kind: 'meeting',
      startsAt: '2019-02-05T10:00:00+01:00', endsAt: '2019-02-05T13:00:00+01:00', format: 'physical', location: 'Geneva', opens: [] },
    { key: 'deadline', title: { en: 'Deadline for formal contributions', fr: 'Date limite des contributions' }, kind: 'deadline',
      startsAt: '2019-02-10T00:00:00+01:00', endsAt: '2019-02-10T23:59:59+01:00', opens: ['formal-contribution'] },
  ],
};

const ev = (type: string, data: Record<string, unknown>): ConsultationEventLike => ({ type, data, metadata: {}, position: 1 });

/** One council-approval event of each type that notifies, keyed by type. */
export const COUNCIL_EVENTS = {
  ConsultationLaunched: ev('ConsultationLaunched', {
    consultationId: GCA.id, workflow: 'council-approval', version: 1, title: GCA.title, reference: 'CL-19/47',
    eligibleGroups: GCA.eligibleGroups, timezone: 'Europe/Zurich', launchedAt: '2019-10-15T09:00:00+02:00',
  }),
  DraftPublished: ev('DraftPublished', {
    documentRef: 'GCA-Guidelines', version: '1', sections: [{ number: '1', title: 'Introduction' }], publishedAt: '2020-04-09T10:00:00+02:00',
  }),
  FinalDraftPublished: ev('FinalDraftPublished', { documentRef: 'GCA-Guidelines', version: 'final', publishedAt: '2020-05-05T10:00:00+02:00' }),
  ConsultationOpened: ev('ConsultationOpened', { round: 1, closesAt: '2020-04-30T23:59:00+02:00', openedAt: '2020-04-09T10:05:00+02:00' }),
  DeadlineExtended: ev('DeadlineExtended', {
    closesAt: '2020-05-07T23:59:00+02:00', previousClosesAt: '2020-04-30T23:59:00+02:00', reason: 'COVID-19', extendedAt: '2020-04-20T09:00:00+02:00',
  }),
  ConsultationClosed: ev('ConsultationClosed', { closedAt: '2020-05-07T23:59:00+02:00', automatic: true }),
  MeetingScheduled: ev('MeetingScheduled', {
    meetingId: 'm1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00', format: 'virtual',
    scheduledAt: '2020-04-09T11:00:00+02:00',
  }),
  MeetingRescheduled: ev('MeetingRescheduled', {
    meetingId: 'm1', startsAt: '2020-04-24T13:00:00+02:00', endsAt: '2020-04-24T14:30:00+02:00', reason: 'Room unavailable',
    rescheduledAt: '2020-04-10T09:00:00+02:00',
  }),
  MeetingFormatChanged: ev('MeetingFormatChanged', { meetingId: 'm1', format: 'hybrid', reason: 'Travel allowed', changedAt: '2020-04-11T09:00:00+02:00' }),
  DraftSubmittedToCouncil: ev('DraftSubmittedToCouncil', {
    session: 'C20', documentRefs: ['C20/XX', 'C20/YY'], considerationStartsAt: '2020-06-09T09:00:00+02:00',
    considerationEndsAt: '2020-06-19T18:00:00+02:00', submittedAt: '2020-05-06T10:00:00+02:00',
  }),
  CouncilConsiderationPostponed: ev('CouncilConsiderationPostponed', {
    fromSession: 'C20', session: 'C21', considerationStartsAt: '2021-06-08T09:00:00+02:00', considerationEndsAt: '2021-06-18T18:00:00+02:00',
    reason: 'Session cancelled', postponedAt: '2020-05-20T09:00:00+02:00',
  }),
  CouncilDecisionRecorded: ev('CouncilDecisionRecorded', {
    session: 'C21', outcome: 'further-consultation', mode: 'correspondence', reference: 'Decision 620', note: 'internal deliberation',
    recordedAt: '2021-06-18T17:00:00+02:00',
  }),
  ContributionsPublished: ev('ContributionsPublished', { contributionIds: ['c1', 'c2', 'c3'], publishedAt: '2020-05-10T09:00:00+02:00' }),
  ConsultationWithdrawn: ev('ConsultationWithdrawn', { reason: 'Superseded', withdrawnAt: '2021-07-01T09:00:00+02:00' }),
};

/** One phased-forum event of each type that notifies (the shared ones in their phased shape). */
export const FORUM_EVENTS = {
  ConsultationLaunched: ev('ConsultationLaunched', WSIS_LAUNCH),
  PhaseAdvanced: ev('PhaseAdvanced', { fromPhase: 'launch', toPhase: 'second-physical-meeting', advancedAt: '2019-02-05T10:00:00+01:00', automatic: true }),
  ForumConcluded: ev('PhaseAdvanced', { fromPhase: 'deadline', toPhase: null, advancedAt: '2019-02-10T23:59:59+01:00', automatic: true }),
  MeetingPhaseRescheduled: ev('PhaseRescheduled', {
    phaseKey: 'second-physical-meeting', startsAt: '2019-02-06T10:00:00+01:00', endsAt: '2019-02-06T13:00:00+01:00',
    previousStartsAt: '2019-02-05T10:00:00+01:00', previousEndsAt: '2019-02-05T13:00:00+01:00', reason: 'Room', rescheduledAt: '2019-01-10T09:00:00+01:00',
  }),
  DeadlinePhaseRescheduled: ev('PhaseRescheduled', {
    phaseKey: 'deadline', startsAt: '2019-02-10T00:00:00+01:00', endsAt: '2019-02-17T23:59:59+01:00',
    previousStartsAt: '2019-02-10T00:00:00+01:00', previousEndsAt: '2019-02-10T23:59:59+01:00', reason: 'Requests', rescheduledAt: '2019-02-01T09:00:00+01:00',
  }),
  DeadlineExtended: ev('DeadlineExtended', {
    phaseKey: 'deadline', endsAt: '2019-02-17T23:59:59+01:00', previousEndsAt: '2019-02-10T23:59:59+01:00', reason: 'Requests',
    extendedAt: '2019-02-01T09:00:00+01:00',
  }),
  MeetingFormatChanged: ev('MeetingFormatChanged', {
    phaseKey: 'second-physical-meeting', format: 'hybrid', previousFormat: 'physical', reason: 'Remote speakers', changedAt: '2019-01-15T09:00:00+01:00',
  }),
};
