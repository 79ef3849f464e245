import { InvalidPayload, validatePayload } from '../testing/given';
import { councilApprovalCommands as commands } from './commands';

const valid = (type: string, payload: object) => validatePayload(commands[type].payload, payload);
const invalid = (type: string, payload: object) => expect(() => valid(type, payload)).toThrow(InvalidPayload);

describe('council-approval: command payloads', () => {
  it('accepts a draft whose version and section numbers are strings', () => {
    expect(valid('publishDraft', { documentRef: 'GCA', version: '2.0', sections: [{ number: '1', title: 'Introduction' }] }))
      .toMatchObject({ version: '2.0' });
  });

  it('keeps a version sent as a JSON number as its string (DESIGN)', () => {
    expect(valid('publishDraft', { documentRef: 'GCA', version: 2, sections: [] })).toMatchObject({ version: '2' });
    expect(valid('publishFinalDraft', { documentRef: 'GCA', version: 2.5 })).toMatchObject({ version: '2.5' });
  });

  it('refuses a section without a title, and a version that is neither a label nor a number', () => {
    invalid('publishDraft', { documentRef: 'GCA', version: '2', sections: [{ number: '1' }] });
    invalid('publishDraft', { documentRef: 'GCA', version: '2', sections: [[]] });
    invalid('publishDraft', { documentRef: 'GCA', version: true });
    invalid('publishFinalDraft', { documentRef: 'GCA', version: [2] });
  });

  it('bounds the length of every free text and the size of every list', () => {
    const long = (n: number) => 'x'.repeat(n + 1);
    invalid('publishDraft', { documentRef: long(200), version: '1' });
    invalid('publishDraft', { documentRef: 'GCA', version: '1', sections: [{ number: '1', title: long(500) }] });
    invalid('scheduleMeeting', { meetingId: long(128), startsAt: '2020-04-23T13:00:00Z', endsAt: '2020-04-23T14:00:00Z', format: 'virtual' });
    invalid('withdraw', { reason: long(5000) });
    invalid('recordCouncilDecision', { session: 'C22', outcome: 'deferred', mode: 'session', note: long(20_000) });
    invalid('publishContributions', { contributionIds: Array.from({ length: 10_001 }, (_, i) => `c-${i}`) });
    expect(valid('publishContributions', { contributionIds: Array.from({ length: 10_000 }, (_, i) => `c-${i}`) })).toBeTruthy();
  });

  it('refuses unknown fields, as the handler does with forbidNonWhitelisted', () => {
    invalid('openConsultation', { closesAt: '2020-04-30T23:59:00+02:00', extra: 1 });
  });

  it('requires instants with an offset', () => {
    invalid('openConsultation', { closesAt: '2020-04-30' });
    invalid('openConsultation', { closesAt: '2020-04-30T23:59:00' });
    invalid('openConsultation', { closesAt: '2020-02-30T10:00:00Z' });
    expect(valid('openConsultation', { closesAt: '2020-04-30T21:59:00Z' })).toBeTruthy();
  });

  it('refuses a meeting that ends before it starts, and an unknown format', () => {
    const meeting = { meetingId: 'm', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00', format: 'virtual' };
    expect(valid('scheduleMeeting', meeting)).toBeTruthy();
    invalid('scheduleMeeting', { ...meeting, endsAt: '2020-04-23T12:00:00+02:00' });
    invalid('scheduleMeeting', { ...meeting, format: 'online' });
  });

  it('requires reasons for moves and format changes', () => {
    invalid('rescheduleMeeting', { meetingId: 'm', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00' });
    invalid('changeMeetingFormat', { meetingId: 'm', format: 'virtual', reason: '' });
  });

  it('takes a whole, non-negative number of participants', () => {
    invalid('recordMeeting', { meetingId: 'm', participants: -1 });
    invalid('recordMeeting', { meetingId: 'm', participants: 1.5 });
  });

  it('checks Council outcomes and modes', () => {
    expect(valid('recordCouncilDecision', { session: 'C22', outcome: 'deferred', mode: 'correspondence' })).toBeTruthy();
    invalid('recordCouncilDecision', { session: 'C22', outcome: 'rejected', mode: 'session' });
    invalid('recordCouncilDecision', { session: 'C22', outcome: 'approved', mode: 'email' });
  });

  it('requires at least one document for the Council', () => {
    invalid('submitToCouncil', { session: 'C20', documentRefs: [], considerationStartsAt: '2020-06-09T09:00:00+02:00', considerationEndsAt: '2020-06-19T18:00:00+02:00' });
  });

  it('requires contribution ids and a withdrawal reason', () => {
    invalid('publishContributions', { contributionIds: [] });
    invalid('withdraw', {});
  });
});
