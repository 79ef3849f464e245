import type { Messages } from './messages.types';

/** When a reminder's target falls due, in its title: how long until it, or when it was due for a late one. */
const WHEN = '{late, select, true { on {targetAt}} other { in {span}}}';

const SPAN = '{unit, select, day {{amount, plural, one {# day} other {# days}}} hour {{amount, plural, one {# hour} other {# hours}}} '
  + 'other {{amount, plural, one {# minute} other {# minutes}}}}';

/** English: the reference language, and the fallback for any language without texts. */
export const en: Messages = {
  types: {
    'consultation.launched': {
      title: 'New consultation: {consultationTitle}',
      body: 'To: {addressees}\nSubject: {consultationTitle}{hasReference, select, true { (ref. {reference})} other {}}\n\n'
        + 'The secretariat has the honour to announce that a consultation on “{consultationTitle}” was launched on {launchedAt}. '
        + 'It is addressed to {addressees}. Drafts, deadlines and meetings will be announced in further notices.',
    },
    'draft.published': {
      title: '{final, select, true {Final draft published} other {Draft published}}: {consultationTitle}',
      body: '{final, select, true {The final draft} other {The draft}} {documentRef} (version {version}) for the consultation '
        + '“{consultationTitle}” was published on {publishedAt}.',
    },
    'consultation.opened': {
      title: 'Open for contributions: {consultationTitle}',
      body: 'Round {round} of the consultation “{consultationTitle}” opened on {openedAt}. Contributions are invited until {closesAt}.',
    },
    'deadline.reminder': {
      title: `{late, select, true {Late reminder} other {Reminder}}: {targetKind, select, consultation_closes {{consultationTitle} closes${WHEN}} `
        + `phase_ends {end of phase “{targetTitle}”${WHEN} — {consultationTitle}} meeting_starts {meeting “{targetTitle}”${WHEN} — {consultationTitle}} `
        + `other {“{targetTitle}”${WHEN} — {consultationTitle}}}`,
      body: '{late, select, true {This reminder, due {span} before the deadline, is sent late. } other {}}'
        + '{targetKind, select, consultation_closes {The consultation “{consultationTitle}” closes} phase_ends {End of phase: {targetTitle}} '
        + 'meeting_starts {Meeting: {targetTitle}} other {Deadline: {targetTitle}}} — {targetAt}'
        + '{late, select, true {.} other {, in {span}.}}',
    },
    'deadline.changed': {
      title: 'Deadline changed: {consultationTitle}',
      body: '{hasPhaseKey, select, true {The end of the phase “{phaseTitle}”} other {The closing date}} of the consultation '
        + '“{consultationTitle}” has been changed{hasPreviousAt, select, true { from {previousAt}} other {}} to {newAt}.'
        + '{hasReason, select, true { Reason: {reason}} other {}}',
    },
    'consultation.closed': {
      title: 'Consultation closed: {consultationTitle}',
      body: 'The consultation “{consultationTitle}” closed on {closedAt}{automatic, select, true {, at the end of its scheduled period} other {}}. '
        + 'Contributions are no longer accepted.{hasReason, select, true { Reason: {reason}} other {}}',
    },
    'meeting.scheduled': {
      title: 'Meeting scheduled: {consultationTitle}',
      body: 'A meeting of the consultation “{consultationTitle}” will be held {format}{hasLocation, select, true { ({location})} other {}} '
        + 'from {startsAt} to {endsAt}.',
    },
    'meeting.rescheduled': {
      title: 'Meeting rescheduled: {consultationTitle}',
      body: '{hasPhaseKey, select, true {The meeting “{phaseTitle}”} other {A meeting}} of the consultation “{consultationTitle}” '
        + 'has been rescheduled{hasPreviousStartsAt, select, true { from {previousStartsAt}} other {}}. It will now be held from {startsAt} '
        + 'to {endsAt}.{hasReason, select, true { Reason: {reason}} other {}}',
    },
    'meeting.format-changed': {
      title: 'Meeting format changed: {consultationTitle}',
      body: '{hasPhaseKey, select, true {The meeting “{phaseTitle}”} other {A meeting}} of the consultation “{consultationTitle}” '
        + 'will now be held {format}{hasPreviousFormat, select, true { (previously {previousFormat})} other {}}.'
        + '{hasReason, select, true { Reason: {reason}} other {}}',
    },
    'phase.started': {
      title: 'New phase: {phaseTitle} — {consultationTitle}',
      body: 'The phase “{phaseTitle}” of the consultation “{consultationTitle}” began on {startedAt}.',
    },
    'council.submitted': {
      title: 'Submitted to the Council: {consultationTitle}',
      body: 'The outcome of the consultation “{consultationTitle}” has been submitted to the Council at its session {session} '
        + '(documents: {documentRefs}) for consideration from {considerationStartsAt} to {considerationEndsAt}.',
    },
    'council.postponed': {
      title: 'Council consideration postponed: {consultationTitle}',
      body: 'The Council’s consideration of the consultation “{consultationTitle}” has been postponed'
        + '{hasFromSession, select, true { from session {fromSession}} other {}} to session {session}, from {considerationStartsAt} '
        + 'to {considerationEndsAt}.{hasReason, select, true { Reason: {reason}} other {}}',
    },
    'council.decided': {
      title: 'Council decision: {consultationTitle}',
      body: '{mode, select, correspondence {By correspondence (session {session}), the Council} other {At its session {session}, the Council}} '
        + '{outcome, select, approved {approved the outcome of the consultation “{consultationTitle}”} '
        + 'further_consultation {decided that the consultation “{consultationTitle}” requires further consultation} '
        + 'other {deferred its decision on the consultation “{consultationTitle}”}}.{hasReference, select, true { Reference: {reference}.} other {}}',
    },
    'contributions.published': {
      title: 'Contributions published: {consultationTitle}',
      body: 'On {publishedAt}, {count, plural, one {# contribution to the consultation “{consultationTitle}” was published} '
        + 'other {# contributions to the consultation “{consultationTitle}” were published}}.',
    },
    'consultation.withdrawn': {
      title: 'Consultation withdrawn: {consultationTitle}',
      body: 'The consultation “{consultationTitle}” was withdrawn on {withdrawnAt}.{hasReason, select, true { Reason: {reason}} other {}}',
    },
    'audit.checkpoint': {
      title: 'Audit checkpoint of {origin}: {treeSize} events',
      body: 'The log {origin} was checkpointed at {issuedAt}: {treeSize} events, root hash {rootHash}. Keep this signed note: with it, `consult verify --checkpoint FILE` proves later that no event recorded before it was changed, removed or reordered.\n\n{note}',
    },
  },
  format: { physical: 'in person', virtual: 'online', hybrid: 'in hybrid format' },
  group: {
    'member-state': 'Member States', 'sector-member': 'Sector Members', associate: 'Associates', academia: 'Academia',
    observer: 'Observers', 'civil-society': 'civil society', 'private-sector': 'the private sector',
    'technical-community': 'the technical community', 'international-organization': 'international organizations',
  },
  span: SPAN,
  zone: '{date} ({zone})',
};
