import { isBefore, isNotAfter } from '../shared/time';
import { currentRound, currentSubmission, findMeeting, type CouncilApprovalContext } from './council-approval.context';
import type { CouncilApprovalEvent, CouncilOutcome } from './council-approval.events';

type Args = { context: CouncilApprovalContext; event: CouncilApprovalEvent };
/** Guards read the event's data loosely: each is only ever wired to the events it names. */
type Data = Record<string, any>;
const data = (event: CouncilApprovalEvent) => event.data as Data;

const meetingOpenForChange = ({ context, event }: Args) => findMeeting(context, data(event).meetingId)?.status === 'scheduled';

/** The named rules of the council-approval machine (wired in `setup()`). */
export const councilApprovalGuards = {
  /** The same document version is never published twice. */
  draftIsNew: ({ context, event }: Args) =>
    !context.drafts.some((d) => d.documentRef === data(event).documentRef && d.version === data(event).version),
  /** Rounds are numbered 1, 2, ... and close after they open. */
  opensNextRound: ({ context, event }: Args) =>
    data(event).round === context.rounds.length + 1 && isBefore(data(event).openedAt, data(event).closesAt),
  meetingIsNew: ({ context, event }: Args) =>
    !findMeeting(context, data(event).meetingId) && isNotAfter(data(event).startsAt, data(event).endsAt),
  /** A held meeting is history: it cannot move any more. */
  meetingCanMove: (args: Args) => {
    const meeting = findMeeting(args.context, data(args.event).meetingId);
    const { startsAt, endsAt } = data(args.event);
    return meetingOpenForChange(args) && isNotAfter(startsAt, endsAt) && (meeting!.startsAt !== startsAt || meeting!.endsAt !== endsAt);
  },
  meetingFormatChanges: (args: Args) =>
    meetingOpenForChange(args) && findMeeting(args.context, data(args.event).meetingId)!.format !== data(args.event).format,
  /** A meeting is recorded once, and not before it began. */
  meetingCanBeRecorded: (args: Args) =>
    meetingOpenForChange(args) && isNotAfter(findMeeting(args.context, data(args.event).meetingId)!.startsAt, data(args.event).recordedAt),
  extendsClosingTime: ({ context, event }: Args) => isBefore(currentRound(context).closesAt, data(event).closesAt),
  /**
   * A manual close may come early; an automatic one only at the current closing time, so a
   * deadline that was extended after the scheduler picked it up no longer closes the round.
   */
  closesRound: ({ context, event }: Args) =>
    !data(event).automatic || isNotAfter(currentRound(context).closesAt, data(event).closedAt),
  considerationWindowIsValid: ({ event }: Args) =>
    isNotAfter(data(event).considerationStartsAt, data(event).considerationEndsAt),
  /** After a deferral the draft may go to a new session. */
  resubmitsAfterDeferral: ({ context, event }: Args) => {
    const last = context.decisions[context.decisions.length - 1];
    const pending = currentSubmission(context);
    return pending.decided && last?.outcome === 'deferred' && last.session === pending.session &&
      data(event).session !== pending.session && isNotAfter(data(event).considerationStartsAt, data(event).considerationEndsAt);
  },
  /** A postponement must move something: the session or its dates. */
  postponesConsideration: ({ context, event }: Args) => {
    const pending = currentSubmission(context);
    const d = data(event);
    return isNotAfter(d.considerationStartsAt, d.considerationEndsAt) && (d.session !== pending.session ||
      d.considerationStartsAt !== pending.considerationStartsAt || d.considerationEndsAt !== pending.considerationEndsAt);
  },
  /** Only the session the draft is before may decide, and only once; `params` picks the outcome's branch. */
  decidesPendingSession: ({ context, event }: Args, params: { outcome: CouncilOutcome }) => {
    const pending = currentSubmission(context);
    return !pending.decided && data(event).session === pending.session && data(event).outcome === params.outcome;
  },
};
