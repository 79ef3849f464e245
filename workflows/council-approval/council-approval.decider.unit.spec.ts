import { InvalidCommand } from '../shared/errors';
import { InvalidPayload } from '../testing/given';
import { submitToCouncil } from './commands';
import {
  consultationOpened, decided, draftPublished, given, HISTORY, launched, submittedC20,
} from './council-approval.fixtures';

const NOW = '2020-05-01T12:00:00+02:00';

describe('council-approval: drafts and rounds', () => {
  it('publishes the first draft with its sections', () => {
    const after = given(HISTORY.preparing)
      .when('publishDraft', { documentRef: 'GCA', version: '1', sections: [{ number: '1', title: 'Introduction' }] }, NOW)
      .then([{
        type: 'DraftPublished',
        data: { documentRef: 'GCA', version: '1', sections: [{ number: '1', title: 'Introduction' }], publishedAt: NOW },
      }]);
    expect(after.value).toBe('draftPublished');
  });

  it('refuses to publish the same draft version twice', () => {
    given(HISTORY.draftPublished)
      .when('publishDraft', { documentRef: 'GCA-Guidelines', version: '1', sections: [] }, NOW).thenRejects();
  });

  it('opens round 1 that closes at closesAt', () => {
    given(HISTORY.draftPublished).when('openConsultation', { closesAt: '2020-04-30T23:59:00+02:00' }, '2020-04-09T10:05:00+02:00')
      .then([consultationOpened]);
  });

  it('refuses a round that would close before it opens', () => {
    given(HISTORY.draftPublished).when('openConsultation', { closesAt: '2020-04-01T00:00:00+02:00' }, NOW).thenRejects();
  });

  it('refuses to open a round before a draft is published', () => {
    given(HISTORY.preparing).when('openConsultation', { closesAt: '2020-04-30T23:59:00+02:00' }, NOW).thenRejects();
  });

  it('extends the open round to a later closing time', () => {
    given(HISTORY.consultationOpen).when('extendDeadline', { closesAt: '2020-05-10T23:59:00+02:00', reason: 'COVID-19' }, NOW)
      .then([{
        type: 'DeadlineExtended',
        data: { closesAt: '2020-05-10T23:59:00+02:00', previousClosesAt: '2020-04-30T23:59:00+02:00', reason: 'COVID-19', extendedAt: NOW },
      }]);
  });

  it('refuses an "extension" to an earlier closing time', () => {
    given(HISTORY.consultationOpen).when('extendDeadline', { closesAt: '2020-04-20T23:59:00+02:00', reason: 'x' }, NOW).thenRejects();
  });

  it('closes the round early by hand, with a reason', () => {
    given(HISTORY.consultationOpen).when('closeConsultation', { reason: 'enough input' }, NOW)
      .then([{ type: 'ConsultationClosed', data: { closedAt: NOW, automatic: false, reason: 'enough input' } }]);
  });

  it('refuses an automatic close that an extension has overtaken', () => {
    const history = [...HISTORY.consultationOpen, {
      type: 'DeadlineExtended',
      data: { closesAt: '2020-05-10T23:59:00+02:00', previousClosesAt: '2020-04-30T23:59:00+02:00', reason: 'x', extendedAt: NOW },
    }];
    expect(() => given([...history, { type: 'ConsultationClosed', data: { closedAt: '2020-04-30T23:59:00+02:00', automatic: true } }]))
      .toThrow(/ConsultationClosed/);
  });

  it('publishes the final draft once the round is closed', () => {
    given(HISTORY.consultationClosed).when('publishFinalDraft', { documentRef: 'GCA-Guidelines', version: 'final' }, NOW)
      .thenState('finalDraftPublished');
  });

  it('refuses the final draft while the round is still open', () => {
    given(HISTORY.consultationOpen).when('publishFinalDraft', { documentRef: 'GCA-Guidelines', version: 'final' }, NOW).thenRejects();
  });
});

describe('council-approval: the Council', () => {
  const submit = { session: 'C20', documentRefs: ['C20/XX'], considerationStartsAt: '2020-06-09T09:00:00+02:00', considerationEndsAt: '2020-06-19T18:00:00+02:00' };

  it('submits the final draft to a Council session', () => {
    given(HISTORY.finalDraftPublished).when('submitToCouncil', submit, '2020-05-06T10:00:00+02:00').then([submittedC20]);
  });

  it('answers a consideration that ends before it starts as an invalid payload', () => {
    given(HISTORY.finalDraftPublished)
      .when('submitToCouncil', { ...submit, considerationEndsAt: '2020-06-01T00:00:00+02:00' }, NOW).thenThrows(InvalidPayload);
  });

  it('throws InvalidCommand from decide when the DTO was bypassed', () => {
    const snapshot = given(HISTORY.finalDraftPublished).snapshot;
    const ctx = { now: NOW, actor: { sub: 's', role: 'secretariat' as const }, consultationId: 'gca-2019' };
    expect(() => submitToCouncil.decide({ ...submit, considerationEndsAt: '2020-06-01T00:00:00+02:00' }, snapshot, ctx))
      .toThrow(InvalidCommand);
  });

  it('postpones the consideration to another session', () => {
    given(HISTORY.submittedToCouncil).when('postponeCouncilConsideration', {
      session: 'C21', considerationStartsAt: '2021-06-08T09:00:00+02:00', considerationEndsAt: '2021-06-18T18:00:00+02:00', reason: 'COVID-19',
    }, NOW).then([{
      type: 'CouncilConsiderationPostponed',
      data: {
        fromSession: 'C20', session: 'C21', considerationStartsAt: '2021-06-08T09:00:00+02:00',
        considerationEndsAt: '2021-06-18T18:00:00+02:00', reason: 'COVID-19', postponedAt: NOW,
      },
    }]);
  });

  it('refuses a postponement that changes nothing', () => {
    given(HISTORY.submittedToCouncil).when('postponeCouncilConsideration', {
      session: 'C20', considerationStartsAt: submit.considerationStartsAt, considerationEndsAt: submit.considerationEndsAt, reason: 'x',
    }, NOW).thenRejects();
  });

  it('approves when the pending session decides so', () => {
    given(HISTORY.submittedToCouncil).when('recordCouncilDecision', { session: 'C20', outcome: 'approved', mode: 'session', reference: 'Decision 1' }, NOW)
      .thenState('approved');
  });

  it('records when a decision by correspondence took effect, apart from when it is recorded', () => {
    given(HISTORY.submittedToCouncil)
      .when('recordCouncilDecision', { session: 'C20', outcome: 'further-consultation', mode: 'correspondence', decidedAt: '2020-04-28T18:00:00+02:00' }, NOW)
      .then([{ type: 'CouncilDecisionRecorded', data: { session: 'C20', outcome: 'further-consultation', mode: 'correspondence', decidedAt: '2020-04-28T18:00:00+02:00', recordedAt: NOW } }]);
  });

  it('refuses a decision said to take effect after it is recorded', () => {
    given(HISTORY.submittedToCouncil)
      .when('recordCouncilDecision', { session: 'C20', outcome: 'approved', mode: 'correspondence', decidedAt: '2020-06-01T00:00:00Z' }, NOW)
      .thenThrows(InvalidCommand);
  });

  it('refuses a decision by a session the draft is not before', () => {
    given(HISTORY.submittedToCouncil).when('recordCouncilDecision', { session: 'C19', outcome: 'approved', mode: 'session' }, NOW).thenRejects();
  });

  it('goes to furtherConsultation, then a revised draft goes back to draftPublished', () => {
    const history = [...HISTORY.submittedToCouncil, decided('further-consultation')];
    given(history).when('publishDraft', { documentRef: 'GCA-Guidelines', version: '2', sections: [] }, NOW).thenState('draftPublished');
  });

  it('opens round 2 after a revised draft', () => {
    const history = [...HISTORY.submittedToCouncil, decided('further-consultation'),
      { ...draftPublished, data: { ...draftPublished.data, version: '2' } }];
    given(history).when('openConsultation', { closesAt: '2022-01-31T23:59:00+01:00' }, '2021-11-01T10:00:00+01:00')
      .then([{ type: 'ConsultationOpened', data: { round: 2, closesAt: '2022-01-31T23:59:00+01:00', openedAt: '2021-11-01T10:00:00+01:00' } }]);
  });

  it('stays submitted after a deferral and refuses a second decision by the same session', () => {
    const history = [...HISTORY.submittedToCouncil, decided('deferred')];
    expect(given(history).snapshot.value).toBe('submittedToCouncil');
    given(history).when('recordCouncilDecision', { session: 'C20', outcome: 'approved', mode: 'session' }, NOW).thenRejects();
  });

  it('resubmits to a new session after a deferral', () => {
    given([...HISTORY.submittedToCouncil, decided('deferred')])
      .when('submitToCouncil', { ...submit, session: 'C21' }, NOW).thenState('submittedToCouncil');
  });

  it('refuses a new submission while the pending session has not decided', () => {
    given(HISTORY.submittedToCouncil).when('submitToCouncil', { ...submit, session: 'C21' }, NOW).thenRejects();
  });
});

describe('council-approval: contributions and withdrawal', () => {
  it('publishes contributions', () => {
    given(HISTORY.consultationOpen).when('publishContributions', { contributionIds: ['c1', 'c2'] }, NOW)
      .then([{ type: 'ContributionsPublished', data: { contributionIds: ['c1', 'c2'], publishedAt: NOW } }]);
  });

  it('withdraws from any non-final state', () => {
    for (const history of Object.values(HISTORY)) {
      given(history).when('withdraw', { reason: 'mandate withdrawn' }, NOW).thenState('withdrawn');
    }
  });

  it('refuses everything once approved', () => {
    const approved = [...HISTORY.submittedToCouncil, decided('approved')];
    given(approved).when('withdraw', { reason: 'too late' }, NOW).thenRejects();
    given(approved).when('publishContributions', { contributionIds: ['c1'] }, NOW).thenRejects();
  });

  it('starts in preparing', () => {
    expect(given([launched]).snapshot.value).toBe('preparing');
  });
});
