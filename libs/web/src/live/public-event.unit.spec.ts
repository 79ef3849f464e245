import type { StoredEvent } from '@consult/event-store';
import { PUBLIC_EVENT_TYPES, toPublicEvent } from './public-event';

const CONSULTATION = '0190a3c2-7d4e-7000-8000-000000000001';

function stored(type: string, data: Record<string, unknown>, stream = `consultation-${CONSULTATION}`): StoredEvent {
  return {
    id: 'e1', type, data, stream, revision: 0, position: 42, prevHash: '', hash: '',
    metadata: {
      actor: { sub: 'auth0|secret-sub', role: 'participant', group: 'member-state', org: 'BRA', name: 'Ana Example' },
      correlationId: 'c', causationId: 'c', reason: 'private reason', recordedAt: '2020-04-23T12:00:00.000Z',
    },
  };
}

describe('the public view of a stored event', () => {
  it('gives a submission its id, kind, section, group and language, never its text, reasons or author', () => {
    const event = stored('ContributionSubmitted', {
      contributionId: 'k1', consultationId: CONSULTATION, kind: 'comment', section: '3', text: 'PRIVATE-MARKER', language: 'fr',
      action: 'MOD', target: 'para 2', reason: 'PRIVATE-REASON', submittedAt: '2020-04-23T12:00:00.000Z',
      author: { sub: 'auth0|secret-sub', name: 'Ana Example', group: 'member-state', org: 'BRA' },
    }, `contributions-${CONSULTATION}`);
    const visible = toPublicEvent(event);
    expect(visible).toEqual({
      consultationId: CONSULTATION, type: 'ContributionSubmitted', position: 42, occurredAt: '2020-04-23T12:00:00.000Z',
      data: { contributionId: 'k1', kind: 'comment', section: '3', language: 'fr', submittedAt: '2020-04-23T12:00:00.000Z', group: 'member-state' },
    });
    expect(JSON.stringify(visible)).not.toMatch(/PRIVATE|secret-sub|Ana Example|BRA/);
  });

  it('never carries the actor of the metadata', () => {
    const visible = toPublicEvent(stored('MeetingScheduled', { meetingId: 'm1', startsAt: 'a', endsAt: 'b', format: 'virtual', scheduledAt: 'c' }));
    expect(visible?.data).toEqual({ meetingId: 'm1', startsAt: 'a', endsAt: 'b', format: 'virtual', scheduledAt: 'c' });
    expect(JSON.stringify(visible)).not.toMatch(/secret-sub|Ana Example|private reason/);
  });

  it('drops fields a type does not list, should a writer add one', () => {
    const visible = toPublicEvent(stored('ConsultationWithdrawn', { reason: 'superseded', withdrawnAt: 'now', author: { email: 'a@b.c' } }));
    expect(visible?.data).toEqual({ reason: 'superseded', withdrawnAt: 'now' });
  });

  it('sends nothing of a type it does not know, or of a stream that is not a consultation\'s', () => {
    expect(toPublicEvent(stored('SubscriberConfirmed', { email: 'a@b.c' }))).toBeUndefined();
    expect(toPublicEvent(stored('toString', {}))).toBeUndefined();
    expect(toPublicEvent(stored('ConsultationWithdrawn', { reason: 'r' }, 'subscriptions-1'))).toBeUndefined();
  });

  it('lists every type the consultation and contribution streams write', () => {
    expect([...PUBLIC_EVENT_TYPES].sort()).toEqual([
      'ConsultationClosed', 'ConsultationLaunched', 'ConsultationOpened', 'ConsultationWithdrawn', 'ContributionSubmitted',
      'ContributionsPublished', 'CouncilConsiderationPostponed', 'CouncilDecisionRecorded', 'DeadlineExtended', 'DraftPublished',
      'DraftSubmittedToCouncil', 'FinalDraftPublished', 'MeetingFormatChanged', 'MeetingRecorded', 'MeetingRescheduled',
      'MeetingScheduled', 'PhaseAdvanced', 'PhaseRescheduled',
    ]);
  });

  it('keeps a launch\'s phases field by field', () => {
    const phase = { key: 'p1', title: { en: 'Open' }, kind: 'launch', startsAt: 'a', endsAt: 'b', opens: ['comment'], secret: 'x' };
    const visible = toPublicEvent(stored('ConsultationLaunched', { workflow: 'phased-forum', title: { en: 'T' }, phases: [phase], launchedAt: 'now' }));
    expect(visible?.data).toEqual({ workflow: 'phased-forum', title: { en: 'T' }, launchedAt: 'now', phases: [{ key: 'p1', title: { en: 'Open' }, kind: 'launch', startsAt: 'a', endsAt: 'b', opens: ['comment'] }] });
  });
});
