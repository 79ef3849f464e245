import type {
  ConsultationClosedData, ConsultationOpenedData, CouncilConsiderationPostponedData, CouncilDecisionRecordedData,
  DeadlineExtendedData, DraftPublishedData, DraftSubmittedToCouncilData, MeetingFormatChangedData, MeetingRecordedData,
  MeetingRescheduledData, MeetingScheduledData,
} from '@consult/workflows/council-approval';
import { addItem, changeItem, countOf, defined, latestKey, type Fact, type TimelineFold } from './timeline.state';

/** Folds one event's data into a consultation's timeline. */
export type TimelineHandler<D = any> = (timeline: TimelineFold, fact: Fact<D>) => void;

const meetingKey = (id: string) => `meeting:${id}`;

const draft = (kind: 'draft' | 'final-draft'): TimelineHandler<DraftPublishedData> => (t, fact) => {
  const { documentRef, version, publishedAt } = fact.data;
  addItem(t, fact, { key: `draft:${countOf(t, 'draft:') + 1}`, kind, status: 'done', actualAt: publishedAt, detail: { documentRef, version } },
    { change: 'published', recordedAt: publishedAt, after: { documentRef, version } });
};

const opened: TimelineHandler<ConsultationOpenedData> = (t, fact) => {
  const { round, closesAt, openedAt } = fact.data;
  addItem(t, fact, { key: `round:${round}`, kind: 'consultation-round', status: 'open', actualAt: openedAt, plannedEndsAt: closesAt, detail: { round } },
    { change: 'opened', recordedAt: openedAt, after: { closesAt } });
};

/** The round's closing time moved (phased forums extend a phase instead: timeline.phases.ts). */
export const roundExtended: TimelineHandler<DeadlineExtendedData> = (t, fact) => changeItem(t, fact, latestKey(t, 'round:'), (item) => ({
  set: { plannedEndsAt: fact.data.closesAt },
  spec: {
    change: 'extended', recordedAt: fact.data.extendedAt, reason: fact.data.reason,
    before: { closesAt: fact.data.previousClosesAt ?? item.plannedEndsAt }, after: { closesAt: fact.data.closesAt },
  },
}));

const closed: TimelineHandler<ConsultationClosedData> = (t, fact) => changeItem(t, fact, latestKey(t, 'round:'), () => ({
  set: { status: 'closed', actualEndsAt: fact.data.closedAt },
  spec: { change: 'closed', recordedAt: fact.data.closedAt, reason: fact.data.reason, automatic: fact.data.automatic, after: { closedAt: fact.data.closedAt } },
}));

const scheduled: TimelineHandler<MeetingScheduledData> = (t, fact) => {
  const { meetingId, startsAt, endsAt, format, location, scheduledAt } = fact.data;
  addItem(t, fact, {
    key: meetingKey(meetingId), kind: 'meeting', status: 'scheduled', plannedAt: startsAt, plannedEndsAt: endsAt,
    format, location: location ?? null, detail: { meetingId },
  }, { change: 'scheduled', recordedAt: scheduledAt, after: { startsAt, endsAt, format, location } });
};

const rescheduled: TimelineHandler<MeetingRescheduledData> = (t, fact) => changeItem(t, fact, meetingKey(fact.data.meetingId), (item) => ({
  set: { plannedAt: fact.data.startsAt, plannedEndsAt: fact.data.endsAt },
  spec: {
    change: 'rescheduled', recordedAt: fact.data.rescheduledAt, reason: fact.data.reason,
    before: { startsAt: item.plannedAt, endsAt: item.plannedEndsAt }, after: { startsAt: fact.data.startsAt, endsAt: fact.data.endsAt },
  },
}));

/** Council-approval's format change names a meeting (the phased forum's names a phase). */
export const meetingFormatChanged: TimelineHandler<MeetingFormatChangedData> = (t, fact) =>
  changeItem(t, fact, meetingKey(fact.data.meetingId), (item) => ({
    set: { format: fact.data.format },
    spec: { change: 'format-changed', recordedAt: fact.data.changedAt, reason: fact.data.reason, before: { format: item.format }, after: { format: fact.data.format } },
  }));

// The event says the meeting took place, not when: it was held as last scheduled.
const held: TimelineHandler<MeetingRecordedData> = (t, fact) => changeItem(t, fact, meetingKey(fact.data.meetingId), (item) => ({
  set: {
    status: 'held', actualAt: item.plannedAt, actualEndsAt: item.plannedEndsAt,
    detail: defined({ ...item.detail, participants: fact.data.participants, summary: fact.data.summary }),
  },
  spec: { change: 'held', recordedAt: fact.data.recordedAt, after: { participants: fact.data.participants } },
}));

const submitted: TimelineHandler<DraftSubmittedToCouncilData> = (t, fact) => {
  const { session, documentRefs, considerationStartsAt: startsAt, considerationEndsAt: endsAt, submittedAt } = fact.data;
  addItem(t, fact, {
    key: `council:${countOf(t, 'council:') + 1}`, kind: 'council-consideration', status: 'pending',
    plannedAt: startsAt, plannedEndsAt: endsAt, detail: { session, documentRefs, submittedAt },
  }, { change: 'submitted', recordedAt: submittedAt, after: { session, startsAt, endsAt, documentRefs } });
};

const postponed: TimelineHandler<CouncilConsiderationPostponedData> = (t, fact) => changeItem(t, fact, latestKey(t, 'council:'), (item) => {
  const { session, considerationStartsAt: startsAt, considerationEndsAt: endsAt, documentRefs, reason, postponedAt } = fact.data;
  return {
    set: { status: 'postponed', plannedAt: startsAt, plannedEndsAt: endsAt, detail: { ...item.detail, session, documentRefs: documentRefs ?? item.detail.documentRefs } },
    spec: {
      change: 'postponed', recordedAt: postponedAt, reason,
      before: { session: fact.data.fromSession ?? item.detail.session, startsAt: item.plannedAt, endsAt: item.plannedEndsAt },
      after: { session, startsAt, endsAt, documentRefs },
    },
  };
});

type DecisionData = CouncilDecisionRecordedData & { decidedAt?: string };

const decided: TimelineHandler<DecisionData> = (t, fact) => {
  const { session, outcome, mode, reference, note, recordedAt } = fact.data;
  const decidedAt = fact.data.decidedAt ?? recordedAt;
  changeItem(t, fact, latestKey(t, 'council:'), () => ({
    set: { status: 'decided', actualEndsAt: decidedAt },
    spec: { change: 'decided', recordedAt, after: { session, outcome, mode } },
  }));
  addItem(t, fact, {
    key: `decision:${countOf(t, 'decision:') + 1}`, kind: 'council-decision', status: 'done', actualAt: decidedAt,
    detail: defined({ session, outcome, mode, reference, note }),
  }, { change: 'recorded', recordedAt, after: { session, outcome, mode, reference } });
};

/** The council-approval events a timeline shows, by type (the shared ones are in timeline.fold.ts). */
export const COUNCIL_APPROVAL_TIMELINE: Record<string, TimelineHandler> = {
  DraftPublished: draft('draft'), FinalDraftPublished: draft('final-draft'), ConsultationOpened: opened,
  ConsultationClosed: closed, MeetingScheduled: scheduled, MeetingRescheduled: rescheduled, MeetingRecorded: held,
  DraftSubmittedToCouncil: submitted, CouncilConsiderationPostponed: postponed, CouncilDecisionRecorded: decided,
};

