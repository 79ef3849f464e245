import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { councilApprovalV1, phasedForumV1, replay, type DomainEvent, type LaunchData } from '@consult/workflows';
import { reminderTargets } from './reminder-targets';
import { reminderId, remindersOf } from './reminders';

const COUNCIL: LaunchData = {
  consultationId: 'c1', workflow: 'council-approval', version: 1, title: { en: 'Guidelines' },
  eligibleGroups: ['member-state'], timezone: 'Europe/Paris', launchedAt: '2026-03-01T09:00:00+01:00',
};
const draft: DomainEvent = { type: 'DraftPublished', data: { documentRef: 'D', version: '1', publishedAt: '2026-03-02T10:00:00+01:00' } };
const opened: DomainEvent = { type: 'ConsultationOpened', data: { round: 1, closesAt: '2026-03-30T23:59:00+02:00', openedAt: '2026-03-02T10:05:00+01:00' } };
const meeting = (meetingId: string, startsAt: string): DomainEvent => ({
  type: 'MeetingScheduled',
  data: { meetingId, startsAt, endsAt: '2026-03-25T18:00:00+01:00', format: 'virtual', scheduledAt: '2026-03-02T11:00:00+01:00' },
});

const FORUM: LaunchData = {
  consultationId: 'f1', workflow: 'phased-forum', version: 1, title: { en: 'Forum' }, eligibleGroups: ['academia'],
  timezone: 'Europe/Zurich', launchedAt: '2026-01-01T09:00:00+01:00',
  phases: [
    { key: 'launch', title: { en: 'Launch meeting' }, kind: 'launch', startsAt: '2026-02-01T10:00:00+01:00', endsAt: '2026-02-01T12:00:00+01:00', format: 'virtual', opens: ['comment'] },
    { key: 'comments', title: { fr: 'Commentaires' }, kind: 'consultation', startsAt: '2026-02-01T12:00:00+01:00', endsAt: '2026-03-01T23:59:00+01:00', opens: ['comment'] },
  ],
};
const advanced = (fromPhase: string | null, toPhase: string | null, advancedAt: string): DomainEvent =>
  ({ type: 'PhaseAdvanced', data: { fromPhase, toPhase, advancedAt, automatic: true } });

describe('reminderTargets', () => {
  it('names the open round closing, with the workflow deadline key', () => {
    const snapshot = replay(councilApprovalV1, COUNCIL, [draft, opened]);
    expect(reminderTargets(councilApprovalV1, snapshot)).toEqual([
      { key: 'consultation-closes:round-1:2026-03-30T23:59:00+02:00', kind: 'consultation-closes', at: '2026-03-30T23:59:00+02:00', title: 'Consultation round 1 closes', name: 'Consultation round 1 closes' },
    ]);
  });

  it('names every scheduled meeting start, the time in its key', () => {
    const snapshot = replay(councilApprovalV1, COUNCIL, [draft, meeting('m1', '2026-03-25T14:00:00+01:00')]);
    expect(reminderTargets(councilApprovalV1, snapshot)).toEqual([
      { key: 'meeting-starts:m1:2026-03-25T14:00:00+01:00', kind: 'meeting-starts', at: '2026-03-25T14:00:00+01:00', title: 'Meeting m1 starts', name: 'm1', subject: 'm1' },
    ]);
  });

  it('names every phase end still ahead of a forum, not only the current phase, and its meeting phases', () => {
    const notStarted = replay(phasedForumV1, FORUM, []);
    expect(reminderTargets(phasedForumV1, notStarted).map((t) => t.key)).toEqual([
      'phase-ends:launch:2026-02-01T12:00:00+01:00', 'phase-ends:comments:2026-03-01T23:59:00+01:00',
      'meeting-starts:launch:2026-02-01T10:00:00+01:00',
    ]);
    const running = replay(phasedForumV1, FORUM, [advanced(null, 'launch', '2026-02-01T10:00:00+01:00'), advanced('launch', 'comments', '2026-02-01T12:00:00+01:00')]);
    expect(reminderTargets(phasedForumV1, running)).toEqual([
      { key: 'phase-ends:comments:2026-03-01T23:59:00+01:00', kind: 'phase-ends', at: '2026-03-01T23:59:00+01:00', title: 'Commentaires ends', name: { fr: 'Commentaires' }, subject: 'comments' },
    ]);
  });

  it('names nothing once the consultation is finished', () => {
    const withdrawn = replay(councilApprovalV1, COUNCIL, [draft, opened, meeting('m1', '2026-03-25T14:00:00+01:00'),
      { type: 'ConsultationWithdrawn', data: { reason: 'superseded', withdrawnAt: '2026-03-03T10:00:00+01:00' } }]);
    expect(reminderTargets(councilApprovalV1, withdrawn)).toEqual([]);
  });
});

describe('remindersOf', () => {
  const target = { key: 'consultation-closes:round-1:2026-03-30T23:59:00+02:00', kind: 'consultation-closes' as const, at: '2026-03-30T23:59:00+02:00', title: 'closes', name: 'closes' };

  it('gives one reminder per offset, due on the wall clock, with a stable id', () => {
    const reminders = remindersOf('c1', [target], ['P7D', 'P1D'], 'Europe/Paris');
    expect(reminders.map((r) => [r.offset, r.dueAt, r.targetAt])).toEqual([
      ['P7D', '2026-03-23T22:59:00.000Z', '2026-03-30T21:59:00.000Z'],
      ['P1D', '2026-03-29T21:59:00.000Z', '2026-03-30T21:59:00.000Z'],
    ]);
    expect(reminders[0].id).toBe(reminderId('c1', target.key, 'P7D'));
    expect(new Set([...reminders, ...remindersOf('c2', [target], ['P7D'], 'UTC')].map((r) => r.id)).size).toBe(3);
  });

  it('names reminders as before: the v5 uuid of consultation, target key and offset (reminder_sent holds them)', () => {
    expect(reminderId('c1', target.key, 'P7D')).toBe('5038e598-837e-57e2-9ca6-be28963e4c28');
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), fc.string(), (consultation, key, offset) => {
      expect(reminderId(consultation, key, offset)).toBe(uuidv5(`${consultation}\n${key}\n${offset}`, '5b0f4a52-8d7e-4c1e-9a43-1f6b2b8c7d10'));
    }), { numRuns: 2000 });
  });

  it('reads the target instant as luxon does, whatever its spelling', () => {
    const at = (spelling: string) => remindersOf('c1', [{ ...target, at: spelling }], ['P1D'], 'Europe/Paris').map((r) => r.targetAt);
    expect(at('2026-03-30T23:59:00.250+02:00')).toEqual(['2026-03-30T21:59:00.250Z']);
    expect(at('2026-03-30T23:59+0200')).toEqual(['2026-03-30T21:59:00.000Z']);
    expect(at('2026-02-31T23:59:00Z')).toEqual([]);
  });

  it('skips an invalid offset instead of throwing', () => {
    expect(remindersOf('c1', [target], ['nope', 'P1D'], 'Europe/Paris').map((r) => r.offset)).toEqual(['P1D']);
  });
});
