import { councilApprovalV1 } from './council-approval.workflow';
import { given, HISTORY, meetingScheduled } from './council-approval.fixtures';

const snapshotOf = (history: typeof HISTORY.preparing) => given(history).snapshot;

describe('council-approval: deadlines', () => {
  it('has no deadline before a round opens', () => {
    expect(councilApprovalV1.deadlines(snapshotOf(HISTORY.draftPublished))).toEqual([]);
  });

  it('closes the open round automatically at closesAt, under a key naming round and time', () => {
    expect(councilApprovalV1.deadlines(snapshotOf(HISTORY.consultationOpen))).toEqual([{
      key: 'consultation-closes:round-1:2020-04-30T23:59:00+02:00', kind: 'consultation-closes',
      dueAt: '2020-04-30T23:59:00+02:00', title: 'Consultation round 1 closes',
      event: { type: 'ConsultationClosed', data: { closedAt: '2020-04-30T23:59:00+02:00', automatic: true } },
    }]);
  });

  it('gives an extended deadline a new key', () => {
    const extended = [...HISTORY.consultationOpen, {
      type: 'DeadlineExtended',
      data: { closesAt: '2020-05-10T23:59:00+02:00', previousClosesAt: '2020-04-30T23:59:00+02:00', reason: 'x', extendedAt: '2020-04-20T10:00:00+02:00' },
    }];
    expect(councilApprovalV1.deadlines(snapshotOf(extended)).map((d) => d.key)).toEqual(['consultation-closes:round-1:2020-05-10T23:59:00+02:00']);
  });

  it('offers deadline events the machine accepts', () => {
    const snapshot = snapshotOf(HISTORY.consultationOpen);
    const [deadline] = councilApprovalV1.deadlines(snapshot);
    expect(given([...HISTORY.consultationOpen, deadline.event]).snapshot.value).toBe('consultationClosed');
  });
});

describe('council-approval: contributions', () => {
  const open = snapshotOf(HISTORY.consultationOpen);

  it('accepts a comment while the round is open', () => {
    expect(councilApprovalV1.contributionCheck(open, 'comment', '2020-04-20T10:00:00+02:00')).toEqual({ open: true });
  });

  it('refuses after closesAt, naming the closing time', () => {
    expect(councilApprovalV1.contributionCheck(open, 'formal-contribution', '2020-04-30T23:59:00+02:00')).toEqual({
      open: false, reason: 'Consultation round 1 closed at 2020-04-30T23:59:00+02:00; contributions are no longer accepted.',
    });
  });

  it('refuses outside an open round, naming the state', () => {
    const check = councilApprovalV1.contributionCheck(snapshotOf(HISTORY.draftPublished), 'comment', '2020-04-09T12:00:00+02:00');
    expect(check).toEqual({ open: false, reason: expect.stringContaining('"draftPublished"') });
  });

  it('refuses kinds a council consultation does not take', () => {
    expect(councilApprovalV1.contributionCheck(open, 'workshop-request', '2020-04-20T10:00:00+02:00').open).toBe(false);
  });
});

describe('council-approval: view and allowed commands', () => {
  it('shows state, round, closing time, meetings and the next deadline', () => {
    const view = councilApprovalV1.view(snapshotOf([...HISTORY.consultationOpen, meetingScheduled]));
    expect(view).toMatchObject({
      state: 'consultationOpen', phase: null, round: 1, closesAt: '2020-04-30T23:59:00+02:00',
      nextDeadline: { key: 'consultation-closes:round-1:2020-04-30T23:59:00+02:00', kind: 'consultation-closes', dueAt: '2020-04-30T23:59:00+02:00' },
      drafts: [{ documentRef: 'GCA-Guidelines', version: '1', kind: 'draft', publishedAt: '2020-04-09T10:00:00+02:00' }],
      meetings: [{ id: 'm1', format: 'virtual', status: 'scheduled', startsAt: '2020-04-23T13:00:00+02:00' }],
    });
    expect(view.milestones.map((m) => m.kind)).toEqual(['draft', 'consultation-round']);
  });

  it('allows publishDraft and meetings in preparing', () => {
    expect(councilApprovalV1.allowedCommands(snapshotOf(HISTORY.preparing)).sort()).toEqual(
      ['publishContributions', 'publishDraft', 'scheduleMeeting', 'withdraw'].sort(),
    );
  });

  it('allows closing, extending and meeting changes while open', () => {
    const allowed = councilApprovalV1.allowedCommands(snapshotOf([...HISTORY.consultationOpen, meetingScheduled]));
    expect(allowed).toEqual(expect.arrayContaining(['closeConsultation', 'extendDeadline', 'rescheduleMeeting', 'changeMeetingFormat', 'recordMeeting']));
    expect(allowed).not.toContain('openConsultation');
    expect(allowed).not.toContain('publishFinalDraft');
  });

  it('allows deciding and postponing while before the Council', () => {
    const allowed = councilApprovalV1.allowedCommands(snapshotOf(HISTORY.submittedToCouncil));
    expect(allowed).toEqual(expect.arrayContaining(['recordCouncilDecision', 'postponeCouncilConsideration']));
    expect(allowed).not.toContain('submitToCouncil');
  });

  it('allows nothing once withdrawn', () => {
    const withdrawn = [...HISTORY.draftPublished, { type: 'ConsultationWithdrawn', data: { reason: 'x', withdrawnAt: '2020-04-10T10:00:00+02:00' } }];
    expect(councilApprovalV1.allowedCommands(snapshotOf(withdrawn))).toEqual([]);
  });
});
