import type { DomainEvent, LaunchData } from '../workflow-definition';
import { givenWorkflow } from '../testing/given';
import { councilApprovalV1 } from './council-approval.workflow';

/** Test data for council-approval specs: the GCA consultation's launch and its early facts. */
export const GCA_LAUNCH: LaunchData = {
  consultationId: 'gca-2019',
  workflow: 'council-approval',
  version: 1,
  title: { en: 'Guidelines for the Global Cybersecurity Agenda', ar: 'المبادئ التوجيهية' },
  reference: 'CL-19/47',
  eligibleGroups: ['member-state', 'sector-member', 'associate', 'academia'],
  timezone: 'Europe/Zurich',
  launchedAt: '2019-10-15T09:00:00+02:00',
};

export const given = givenWorkflow(councilApprovalV1);

export const launched: DomainEvent = { type: 'ConsultationLaunched', data: GCA_LAUNCH };
export const draftPublished: DomainEvent = {
  type: 'DraftPublished',
  data: {
    documentRef: 'GCA-Guidelines', version: '1',
    sections: [{ number: '1', title: 'Introduction' }, { number: '7', title: 'Cross-cutting guidelines' }],
    publishedAt: '2020-04-09T10:00:00+02:00',
  },
};
export const consultationOpened: DomainEvent = {
  type: 'ConsultationOpened', data: { round: 1, closesAt: '2020-04-30T23:59:00+02:00', openedAt: '2020-04-09T10:05:00+02:00' },
};
export const meetingScheduled: DomainEvent = {
  type: 'MeetingScheduled',
  data: {
    meetingId: 'm1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00',
    format: 'virtual', scheduledAt: '2020-04-09T11:00:00+02:00',
  },
};
export const consultationClosed: DomainEvent = {
  type: 'ConsultationClosed', data: { closedAt: '2020-04-30T23:59:00+02:00', automatic: true },
};
export const finalDraftPublished: DomainEvent = {
  type: 'FinalDraftPublished', data: { documentRef: 'GCA-Guidelines', version: 'final', publishedAt: '2020-05-05T10:00:00+02:00' },
};
export const submittedC20: DomainEvent = {
  type: 'DraftSubmittedToCouncil',
  data: {
    session: 'C20', documentRefs: ['C20/XX'], considerationStartsAt: '2020-06-09T09:00:00+02:00',
    considerationEndsAt: '2020-06-19T18:00:00+02:00', submittedAt: '2020-05-06T10:00:00+02:00',
  },
};
export const decided = (outcome: string, session = 'C20'): DomainEvent => ({
  type: 'CouncilDecisionRecorded', data: { session, outcome, mode: 'session', recordedAt: '2020-06-19T17:00:00+02:00' },
});

/** The history up to each state, for specs that start there. */
export const HISTORY = {
  preparing: [launched],
  draftPublished: [launched, draftPublished],
  consultationOpen: [launched, draftPublished, consultationOpened],
  consultationClosed: [launched, draftPublished, consultationOpened, consultationClosed],
  finalDraftPublished: [launched, draftPublished, consultationOpened, consultationClosed, finalDraftPublished],
  submittedToCouncil: [launched, draftPublished, consultationOpened, consultationClosed, finalDraftPublished, submittedC20],
};
