import type { StoredEvent } from '@consult/event-store';
import { historyEntries } from './history-entries';

const LAUNCH = {
  consultationId: 'c1', workflow: 'council-approval', version: 1, title: { en: 'GCA' }, reference: 'CL-19/47',
  eligibleGroups: ['member-state'], timezone: 'Europe/Zurich', launchedAt: '2019-10-15T09:00:00+02:00',
};
const SECRETARIAT = { sub: 'sg', role: 'secretariat' as const };

/** Stored events of one stream, numbered in order (hashes are not checked here). */
function stored(events: { type: string; data: Record<string, unknown>; reason?: string; recordedAt?: string }[]): StoredEvent[] {
  return events.map((event, revision) => ({
    id: `e${revision}`, type: event.type, data: event.data, stream: 'consultation-c1', revision, position: revision + 1,
    prevHash: `h${revision - 1}`, hash: `h${revision}`,
    metadata: {
      actor: SECRETARIAT, correlationId: 'c', causationId: 'c', workflow: 'council-approval@1',
      recordedAt: event.recordedAt ?? '2020-01-01T00:00:00Z', ...(event.reason && { reason: event.reason }),
    },
  }));
}

const launched = { type: 'ConsultationLaunched', data: LAUNCH };
const scheduled = {
  type: 'MeetingScheduled',
  data: { meetingId: 'ocm-1', startsAt: '2020-04-06T14:00:00+02:00', endsAt: '2020-04-06T17:00:00+02:00', format: 'physical', scheduledAt: '2019-10-15T09:05:00+02:00' },
};
const rescheduled = {
  type: 'MeetingRescheduled', reason: 'CL-20/18: forum postponed',
  data: { meetingId: 'ocm-1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00', reason: 'CL-20/18: forum postponed', rescheduledAt: '2020-03-18T10:00:00+01:00' },
};

describe('history entries: what each event changed', () => {
  it('shows a reschedule with the old and the new dates of the meeting', () => {
    const entries = historyEntries(stored([launched, scheduled, rescheduled]));
    expect(entries[2].changes).toEqual([
      { field: 'meetings[ocm-1].startsAt', from: '2020-04-06T14:00:00+02:00', to: '2020-04-23T13:00:00+02:00' },
      { field: 'meetings[ocm-1].endsAt', from: '2020-04-06T17:00:00+02:00', to: '2020-04-23T14:30:00+02:00' },
    ]);
    expect(entries[2].reason).toBe('CL-20/18: forum postponed');
  });

  it('shows a new meeting as fields that were null, and the launch as the first state', () => {
    const [launch, meeting] = historyEntries(stored([launched, scheduled]));
    expect(launch.changes).toEqual([{ field: 'state', from: null, to: 'preparing' }]);
    expect(launch.documents).toEqual(['CL-19/47']);
    expect(meeting.changes).toEqual(expect.arrayContaining([
      { field: 'meetings[ocm-1].format', from: null, to: 'physical' },
      { field: 'meetings[ocm-1].status', from: null, to: 'scheduled' },
    ]));
  });

  it('shows a format change, a state change, the round deadline and its extension', () => {
    const entries = historyEntries(stored([
      launched, scheduled,
      { type: 'MeetingFormatChanged', data: { meetingId: 'ocm-1', format: 'virtual', reason: 'CL-20/18', changedAt: '2020-03-18T10:01:00+01:00' } },
      { type: 'DraftPublished', data: { documentRef: 'GCA-guidelines', version: '1', publishedAt: '2020-04-09T12:00:00+02:00' } },
      { type: 'ConsultationOpened', data: { round: 1, closesAt: '2020-04-30T23:59:00+02:00', openedAt: '2020-04-09T12:05:00+02:00' } },
      { type: 'DeadlineExtended', data: { closesAt: '2020-05-07T23:59:00+02:00', previousClosesAt: '2020-04-30T23:59:00+02:00', reason: 'late', extendedAt: '2020-04-20T09:00:00+02:00' } },
    ]));
    expect(entries[2].changes).toEqual([{ field: 'meetings[ocm-1].format', from: 'physical', to: 'virtual' }]);
    expect(entries[2].reason).toBe('CL-20/18');
    expect(entries[3].changes).toEqual([{ field: 'state', from: 'preparing', to: 'draftPublished' }]);
    expect(entries[3].documents).toEqual(['GCA-guidelines']);
    expect(entries[4].changes).toEqual([
      { field: 'state', from: 'draftPublished', to: 'consultationOpen' },
      { field: 'rounds[1].closesAt', from: null, to: '2020-04-30T23:59:00+02:00' },
    ]);
    expect(entries[5].changes).toEqual([{ field: 'rounds[1].closesAt', from: '2020-04-30T23:59:00+02:00', to: '2020-05-07T23:59:00+02:00' }]);
  });

  it('shows a postponed Council consideration: session and dates, with the documents reissued', () => {
    const history = [
      launched,
      { type: 'DraftPublished', data: { documentRef: 'G', version: '1', publishedAt: '2020-04-09T12:00:00+02:00' } },
      { type: 'ConsultationOpened', data: { round: 1, closesAt: '2020-04-30T23:59:00+02:00', openedAt: '2020-04-09T12:05:00+02:00' } },
      { type: 'ConsultationClosed', data: { closedAt: '2020-04-30T23:59:00+02:00', automatic: true } },
      { type: 'FinalDraftPublished', data: { documentRef: 'G', version: '2', publishedAt: '2020-05-05T12:00:00+02:00' } },
      { type: 'DraftSubmittedToCouncil', data: { session: 'C20', documentRefs: ['C20/GCA'], considerationStartsAt: '2020-06-09T09:00:00+02:00', considerationEndsAt: '2020-06-19T18:00:00+02:00', submittedAt: '2020-05-05T12:05:00+02:00' } },
      { type: 'CouncilConsiderationPostponed', data: { fromSession: 'C20', session: 'VCC-2021', considerationStartsAt: '2021-06-08T09:00:00+02:00', considerationEndsAt: '2021-06-18T18:00:00+02:00', documentRefs: ['C21/36', 'C21/71'], reason: 'Council 2020 postponed', postponedAt: '2020-05-20T10:00:00+02:00' } },
    ];
    const postponed = historyEntries(stored(history))[6];
    expect(postponed.changes).toEqual([
      { field: 'council.session', from: 'C20', to: 'VCC-2021' },
      { field: 'council.considerationStartsAt', from: '2020-06-09T09:00:00+02:00', to: '2021-06-08T09:00:00+02:00' },
      { field: 'council.considerationEndsAt', from: '2020-06-19T18:00:00+02:00', to: '2021-06-18T18:00:00+02:00' },
    ]);
    expect(postponed.documents).toEqual(['C21/36', 'C21/71']);
    expect(postponed.reason).toBe('Council 2020 postponed');
  });

  it('gives effectiveAt only when the data dates the fact apart from its recording', () => {
    const decision = (data: Record<string, unknown>) => historyEntries(stored([launched, { type: 'Noted', data, recordedAt: '2021-06-25T08:00:00Z' }]))[1];
    expect(decision({ decidedAt: '2021-06-18T18:00:00+02:00' }).effectiveAt).toBe('2021-06-18T18:00:00+02:00');
    expect(decision({ decidedAt: '2021-06-25T10:00:00+02:00' })).not.toHaveProperty('effectiveAt');
    expect(decision({ reference: 'C21/36' })).not.toHaveProperty('effectiveAt');
  });

  it('leaves the changes empty for a refused event and for a workflow that is not installed', () => {
    const refused = historyEntries(stored([launched, { type: 'CouncilDecisionRecorded', data: { session: 'X', outcome: 'approved', mode: 'session', recordedAt: '2020-01-01T00:00:00Z' } }]));
    expect(refused[1].changes).toEqual([]);
    const unknown = historyEntries(stored([{ type: 'ConsultationLaunched', data: { ...LAUNCH, workflow: 'gone', version: 9 } }, scheduled]));
    expect(unknown.map((e) => e.changes)).toEqual([[], []]);
  });
});
