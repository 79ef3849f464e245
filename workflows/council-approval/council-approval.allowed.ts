import type { AnyMachineSnapshot } from 'xstate';
import type { PayloadSamples, Probe } from '../shared/allowed-commands';
import { currentSubmission, type CouncilApprovalContext } from './council-approval.context';

/** Far enough ahead to pass any "later than" rule; only used to probe legality. */
const FAR_FUTURE = '9999-12-31T23:59:59Z';
const FORMATS = ['physical', 'virtual', 'hybrid'] as const;
const contextOf = (snapshot: AnyMachineSnapshot) => snapshot.context as CouncilApprovalContext;
const one = (payload: object, now?: string): Probe[] => [{ payload, now }];
const nextSession = (s: AnyMachineSnapshot) => `${currentSubmission(contextOf(s))?.session ?? ''}-probe`;

/** Per command, the payloads a caller could sensibly send now: used by allowedCommands(). */
export const councilApprovalSamples: Record<string, PayloadSamples> = {
  publishDraft: (s) => one({ documentRef: 'probe', version: `probe-${contextOf(s).drafts.length}` }),
  publishFinalDraft: (s) => one({ documentRef: 'probe', version: `probe-${contextOf(s).drafts.length}` }),
  openConsultation: () => one({ closesAt: FAR_FUTURE }),
  extendDeadline: () => one({ closesAt: FAR_FUTURE, reason: 'probe' }),
  closeConsultation: () => one({}),
  scheduleMeeting: (s) =>
    one({ meetingId: `probe-${contextOf(s).meetings.length}`, startsAt: FAR_FUTURE, endsAt: FAR_FUTURE, format: 'virtual' }),
  rescheduleMeeting: (s) =>
    contextOf(s).meetings.map((m) => ({ payload: { meetingId: m.id, startsAt: FAR_FUTURE, endsAt: FAR_FUTURE, reason: 'probe' } })),
  changeMeetingFormat: (s) =>
    contextOf(s).meetings.flatMap((m) => FORMATS.map((format) => ({ payload: { meetingId: m.id, format, reason: 'probe' } }))),
  /** A meeting can be recorded once it has begun: probe at its start. */
  recordMeeting: (s) => contextOf(s).meetings.map((m) => ({ payload: { meetingId: m.id, participants: 0 }, now: m.startsAt })),
  submitToCouncil: (s) => one({
    session: nextSession(s), documentRefs: ['probe'], considerationStartsAt: FAR_FUTURE, considerationEndsAt: FAR_FUTURE,
  }),
  postponeCouncilConsideration: (s) => one({
    session: nextSession(s), considerationStartsAt: FAR_FUTURE, considerationEndsAt: FAR_FUTURE, reason: 'probe',
  }),
  recordCouncilDecision: (s) => {
    const session = currentSubmission(contextOf(s))?.session;
    return session ? one({ session, outcome: 'approved', mode: 'session' }) : [];
  },
  publishContributions: () => one({ contributionIds: ['probe'] }),
  withdraw: () => one({ reason: 'probe' }),
};
