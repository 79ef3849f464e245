import type { StoredEvent } from '@consult/event-store';

/** One message of the live stream: what the public may see of a stored event. */
export interface PublicLiveEvent {
  consultationId: string;
  type: string;
  position: number;
  occurredAt: string;
  data: Record<string, unknown>;
}

type Data = Record<string, unknown>;
type Mapper = (data: Data) => Data;

/** Copies the listed fields that are present; anything not listed never leaves (default deny). */
const pick = (...fields: string[]): Mapper => (data) => {
  const out: Data = {};
  for (const field of fields) if (data[field] !== undefined) out[field] = data[field];
  return out;
};

const PHASE_FIELDS = pick('key', 'title', 'kind', 'startsAt', 'endsAt', 'format', 'opens');

/** Launch data: the consultation's public description; phases field by field too. */
const launched: Mapper = (data) => {
  const out = pick('workflow', 'version', 'title', 'reference', 'eligibleGroups', 'timezone', 'launchedAt')(data);
  if (Array.isArray(data.phases)) out.phases = data.phases.map((phase) => PHASE_FIELDS(phase as Data));
  return out;
};

/**
 * A submission is public as a fact (a count, a chart): its id, kind, section, the author's
 * stakeholder group and language, never its text, its reasons or who wrote it; the text is
 * public only through the published contributions list once the secretariat publishes it.
 */
const submitted: Mapper = (data) => {
  const out = pick('contributionId', 'kind', 'section', 'language', 'submittedAt')(data);
  const group = (data.author as Data | undefined)?.group;
  if (typeof group === 'string') out.group = group;
  return out;
};

/** Every event type the stream may send, with the fields each may carry. */
const MAPPERS: Record<string, Mapper> = {
  ConsultationLaunched: launched,
  ContributionSubmitted: submitted,
  ContributionsPublished: pick('contributionIds', 'publishedAt'),
  ConsultationWithdrawn: pick('reason', 'withdrawnAt'),
  DraftPublished: pick('documentRef', 'version', 'sections', 'publishedAt'),
  ConsultationOpened: pick('round', 'closesAt', 'openedAt'),
  MeetingScheduled: pick('meetingId', 'startsAt', 'endsAt', 'format', 'location', 'scheduledAt'),
  MeetingRescheduled: pick('meetingId', 'startsAt', 'endsAt', 'reason', 'rescheduledAt'),
  MeetingFormatChanged: pick('meetingId', 'phaseKey', 'format', 'previousFormat', 'reason', 'changedAt'),
  MeetingRecorded: pick('meetingId', 'participants', 'summary', 'recordedAt'),
  DeadlineExtended: pick('closesAt', 'previousClosesAt', 'phaseKey', 'endsAt', 'previousEndsAt', 'reason', 'extendedAt'),
  ConsultationClosed: pick('closedAt', 'automatic', 'reason'),
  FinalDraftPublished: pick('documentRef', 'version', 'publishedAt'),
  DraftSubmittedToCouncil: pick('session', 'documentRefs', 'considerationStartsAt', 'considerationEndsAt', 'submittedAt'),
  CouncilConsiderationPostponed: pick(
    'fromSession', 'session', 'considerationStartsAt', 'considerationEndsAt', 'documentRefs', 'reason', 'postponedAt',
  ),
  CouncilDecisionRecorded: pick('session', 'outcome', 'mode', 'reference', 'note', 'recordedAt'),
  PhaseAdvanced: pick('fromPhase', 'toPhase', 'advancedAt', 'automatic', 'reason'),
  PhaseRescheduled: pick('phaseKey', 'startsAt', 'endsAt', 'previousStartsAt', 'previousEndsAt', 'reason', 'rescheduledAt'),
};

/** Every event type the live stream may send (the SSE event names a page can listen to). */
export const PUBLIC_EVENT_TYPES: readonly string[] = Object.freeze(Object.keys(MAPPERS));

/** The streams whose events concern a consultation, and the consultation id in their name. */
const CONSULTATION_STREAM = /^(?:consultation|contributions)-(.+)$/;

/**
 * What the public may see of a stored event, or undefined when nothing (a type or stream the
 * mapper does not know). Metadata (the actor, their name and token subject) is never read.
 */
export function toPublicEvent(event: StoredEvent): PublicLiveEvent | undefined {
  const mapper = Object.prototype.hasOwnProperty.call(MAPPERS, event.type) ? MAPPERS[event.type] : undefined;
  const consultationId = CONSULTATION_STREAM.exec(event.stream)?.[1];
  if (!mapper || !consultationId) return undefined;
  return {
    consultationId,
    type: event.type,
    position: event.position,
    occurredAt: event.metadata.recordedAt,
    data: mapper(event.data ?? {}),
  };
}
