import type { DomainEvent } from '../workflow-definition';
import { replay } from '../replay';
import { play } from '../testing/given';
import { councilApprovalV1 as gca } from './council-approval.workflow';
import { GCA_LAUNCH, launched } from './council-approval.fixtures';

/**
 * The GCA guidelines consultation (seeds 000 and 003, DOMAIN.md case 1) with its real
 * dates, 2019–2022. Where the seed gives only a month or a year, the day is illustrative.
 */
const SECTIONS = [
  { number: '1', title: 'Introduction' },
  ...['2', '3', '4', '5', '6'].map((n) => ({ number: n, title: `Pillar ${Number(n) - 1}` })),
  { number: '7', title: 'Cross-cutting guidelines' },
];

/** The scheduler's part: append a due deadline's event, as the worker would. */
function schedulerRuns(history: DomainEvent[]): DomainEvent[] {
  const [deadline] = gca.deadlines(replay(gca, GCA_LAUNCH, history));
  return [...history, deadline.event];
}

function gcaTimeline(): DomainEvent[] {
  let h: DomainEvent[] = [launched];
  h = play(gca, h, 'scheduleMeeting', {
    meetingId: 'open-consultation-1', startsAt: '2020-04-06T13:00:00+02:00', endsAt: '2020-04-06T14:30:00+02:00',
    format: 'physical', location: 'Geneva',
  }, '2019-10-15T10:00:00+02:00');
  h = play(gca, h, 'changeMeetingFormat', {
    meetingId: 'open-consultation-1', format: 'virtual', reason: 'CL-20/18: forum postponed (COVID-19); virtual open consultation meeting instead',
  }, '2020-03-18T10:00:00+01:00');
  h = play(gca, h, 'rescheduleMeeting', {
    meetingId: 'open-consultation-1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00',
    reason: 'CL-20/18: updated schedule annexed',
  }, '2020-03-18T10:05:00+01:00');
  h = play(gca, h, 'publishDraft', { documentRef: 'GCA-Guidelines', version: '1', sections: SECTIONS }, '2020-04-09T10:00:00+02:00');
  h = play(gca, h, 'openConsultation', { closesAt: '2020-04-30T23:59:00+02:00' }, '2020-04-09T10:05:00+02:00');
  h = play(gca, h, 'recordMeeting', { meetingId: 'open-consultation-1', participants: 95, summary: 'Comments per section' }, '2020-04-23T15:00:00+02:00');
  h = schedulerRuns(h);
  h = play(gca, h, 'publishFinalDraft', { documentRef: 'GCA-Guidelines', version: 'final' }, '2020-05-05T10:00:00+02:00');
  h = play(gca, h, 'submitToCouncil', {
    session: 'C20', documentRefs: ['GCA-Guidelines/final'],
    considerationStartsAt: '2020-06-09T09:00:00+02:00', considerationEndsAt: '2020-06-19T18:00:00+02:00',
  }, '2020-05-06T10:00:00+02:00');
  h = play(gca, h, 'postponeCouncilConsideration', {
    session: 'C21', considerationStartsAt: '2021-06-08T09:00:00+02:00', considerationEndsAt: '2021-06-18T18:00:00+02:00',
    reason: 'Council 2020 postponed (COVID-19)',
  }, '2020-05-20T10:00:00+02:00');
  h = play(gca, h, 'scheduleMeeting', {
    meetingId: 'open-consultation-2', startsAt: '2021-03-01T13:00:00+01:00', endsAt: '2021-03-01T15:00:00+01:00', format: 'virtual',
  }, '2021-02-01T10:00:00+01:00');
  h = play(gca, h, 'recordMeeting', { meetingId: 'open-consultation-2', participants: 70 }, '2021-03-01T16:00:00+01:00');
  h = play(gca, h, 'publishContributions', { contributionIds: ['comment-1', 'comment-2'] }, '2021-03-15T10:00:00+01:00');
  h = play(gca, h, 'postponeCouncilConsideration', {
    session: 'VCC-2021', considerationStartsAt: '2021-06-08T09:00:00+02:00', considerationEndsAt: '2021-06-18T18:00:00+02:00',
    reason: 'Council 2021 held as a virtual consultation of councillors', documentRefs: ['C21/36', 'C21/71'],
  }, '2021-05-10T10:00:00+02:00');
  h = play(gca, h, 'recordCouncilDecision', {
    session: 'VCC-2021', outcome: 'further-consultation', mode: 'correspondence',
    note: 'Takes note of the report; further consultations; a revised draft to the next session',
  }, '2021-07-15T10:00:00+02:00');
  h = play(gca, h, 'publishDraft', { documentRef: 'GCA-Guidelines', version: '2', sections: SECTIONS }, '2021-10-01T10:00:00+02:00');
  h = play(gca, h, 'openConsultation', { closesAt: '2022-01-31T23:59:00+01:00' }, '2021-10-01T10:05:00+02:00');
  h = play(gca, h, 'closeConsultation', { reason: 'Round 2 complete' }, '2022-02-01T09:00:00+01:00');
  h = play(gca, h, 'publishFinalDraft', { documentRef: 'GCA-Guidelines', version: '2-final' }, '2022-03-01T10:00:00+01:00');
  h = play(gca, h, 'submitToCouncil', {
    session: 'C22', documentRefs: ['C22/INF/8', 'GCA-Guidelines/2-final'],
    considerationStartsAt: '2022-09-21T09:00:00+02:00', considerationEndsAt: '2022-09-30T18:00:00+02:00',
  }, '2022-06-01T10:00:00+02:00');
  return play(gca, h, 'recordCouncilDecision', { session: 'C22', outcome: 'approved', mode: 'session' }, '2022-09-29T16:00:00+02:00');
}

describe('scenario: GCA guidelines 2019–2022', () => {
  const history = gcaTimeline();
  const view = gca.view(replay(gca, GCA_LAUNCH, history));

  it('ends approved by Council 2022 in session', () => {
    expect(view.state).toBe('approved');
    expect(view.decisions).toEqual([
      expect.objectContaining({ session: 'VCC-2021', outcome: 'further-consultation', mode: 'correspondence' }),
      expect.objectContaining({ session: 'C22', outcome: 'approved', mode: 'session' }),
    ]);
  });

  it('closed the first round automatically at its closing time', () => {
    expect(history.find((e) => e.type === 'ConsultationClosed')).toEqual({
      type: 'ConsultationClosed', data: { closedAt: '2020-04-30T23:59:00+02:00', automatic: true },
    });
    expect(view.rounds).toHaveLength(2);
  });

  it('keeps the first meeting\'s move to virtual with its reasons', () => {
    const first = view.meetings.find((m) => m.id === 'open-consultation-1')!;
    expect(first).toMatchObject({ format: 'virtual', status: 'held', participants: 95, startsAt: '2020-04-23T13:00:00+02:00' });
    expect(first.history.map((h) => h.reason).filter(Boolean)).toEqual([
      'CL-20/18: forum postponed (COVID-19); virtual open consultation meeting instead', 'CL-20/18: updated schedule annexed',
    ]);
    expect(view.meetings.map((m) => m.participants)).toEqual([95, 70]);
  });

  it('lists every draft, draft and final, in order', () => {
    expect(view.drafts.map((d) => `${d.kind}:${d.version}`)).toEqual(['draft:1', 'final:final', 'draft:2', 'final:2-final']);
  });

  it('shows the Council consideration with the C22 documents and the postponement trail of the first submission', () => {
    expect(view.council).toMatchObject({ session: 'C22', documentRefs: ['C22/INF/8', 'GCA-Guidelines/2-final'] });
    const milestones = view.milestones.filter((m) => m.kind === 'council-consideration').map((m) => m.key);
    expect(milestones).toEqual(['council:VCC-2021', 'council:C22']);
    expect(view.submissions).toEqual([
      expect.objectContaining({
        session: 'VCC-2021', documentRefs: ['C21/36', 'C21/71'],
        postponements: [expect.objectContaining({ fromSession: 'C20', session: 'C21' }), expect.objectContaining({ fromSession: 'C21', session: 'VCC-2021' })],
      }),
      expect.objectContaining({ session: 'C22' }),
    ]);
  });

  it('replays to the same view every time', () => {
    expect(gca.view(replay(gca, GCA_LAUNCH, history))).toEqual(view);
  });
});
