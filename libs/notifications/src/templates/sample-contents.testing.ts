import type { NotificationContent } from '../notification.types';
import { notificationsFor } from '../content/notification-content';
import { COUNCIL_EVENTS, FORUM_EVENTS, GCA, WSIS_LAUNCH } from '../content/notification-content.fixtures';
import { reminderContent } from '../content/reminder-content';

const base = { targetKey: 'consultation-closes:round-1', targetTitle: 'Consultation round 1 closes', targetAt: '2020-04-30T23:59:00+02:00' };

/** Every notification the mapping and the reminders make from the fixtures, with the variants a text selects on. */
export function sampleContents(): NotificationContent[] {
  const events = [...Object.values(COUNCIL_EVENTS), ...Object.values(FORUM_EVENTS)];
  const decided = (outcome: string, mode: string) =>
    notificationsFor({ type: 'CouncilDecisionRecorded', data: { ...COUNCIL_EVENTS.CouncilDecisionRecorded.data, outcome, mode, reference: undefined } }, GCA);
  return [
    ...events.flatMap((event) => notificationsFor(event, GCA, WSIS_LAUNCH)),
    ...notificationsFor({ type: 'ContributionsPublished', data: { contributionIds: ['c1'], publishedAt: '2020-05-10T09:00:00+02:00' } }, GCA),
    ...decided('approved', 'session'), ...decided('deferred', 'session'),
    reminderContent({ ...base, targetKind: 'consultation-closes', offset: 'P7D', late: false }),
    reminderContent({ ...base, targetKind: 'phase-ends', targetTitle: { en: 'Deadline', ar: 'الموعد النهائي' }, offset: 'P1D', late: true }),
    reminderContent({ ...base, targetKind: 'meeting-starts', targetTitle: null, offset: 'PT2H', late: false }),
    reminderContent({ ...base, targetKind: 'something-else', offset: 'PT30M', late: false }),
    {
      type: 'audit.checkpoint',
      params: {
        treeSize: 1234, rootHash: 'q3Lp0n4TYmX9mU1nq5x1R0lG9l2oFqHc8c6p0QqH2wE=', origin: 'consult.example.org/consult', issuedAt: '2020-05-10T09:00:00+02:00',
        note: 'consult.example.org/consult\n1234\nq3Lp0n4TYmX9mU1nq5x1R0lG9l2oFqHc8c6p0QqH2wE=\n\n— consult.example.org/consult AbCd==\n',
      },
    },
  ];
}
