import { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { ConsultationCache, ConsultationsService, RequestContext } from '@consult/consultation';
import { EventStore } from '@consult/event-store';
import { EventRow } from './stored-rows';
import { ForgedEvent } from './tamper';

const secretariat: Caller = { kind: 'token', sub: 'sec', role: 'secretariat', name: 'Secretariat' };
const ctx: RequestContext = { caller: secretariat, correlationId: 'tamper', causationId: 'tamper' };

export const LAUNCH = { workflow: 'council-approval', title: { en: 'Tamper test' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };
const meeting = (meetingId: string, day: string) => ({
  type: 'scheduleMeeting', payload: { meetingId, startsAt: `2020-04-${day}T10:00:00Z`, endsAt: `2020-04-${day}T12:00:00Z`, format: 'virtual' },
});

/**
 * The commands after the launch, one event each, so revision n is the n-th command:
 * 1 DraftPublished, 2-3 two meetings (their order does not matter to the machine),
 * 4 ConsultationOpened (closes 1 May), 5 DeadlineExtended (to 15 May).
 */
export const STORY = [
  { type: 'publishDraft', payload: { documentRef: 'GCA-DRAFT', version: '1' } },
  meeting('m1', '20'),
  meeting('m2', '22'),
  { type: 'openConsultation', payload: { closesAt: '2020-05-01T00:00:00Z' } },
  { type: 'extendDeadline', payload: { closesAt: '2020-05-15T00:00:00Z', reason: 'more time asked for' } },
];

/** The revisions of the story's events, named for the tests. */
export const REV = { draft: 1, meeting1: 2, meeting2: 3, opened: 4, extended: 5 } as const;

/** Launches a consultation and runs STORY through the real command path; returns its id. */
export async function buildStory(store: EventStore): Promise<string> {
  const consultations = new ConsultationsService(store, new ManualClock(new Date('2020-04-01T09:00:00Z')), new ConsultationCache(store));
  const { id } = await consultations.launch(LAUNCH, ctx);
  for (const command of STORY) await consultations.execute(id, command, ctx);
  return id;
}

/** An event written in by hand beside `neighbour` (same actor and workflow in its metadata). */
export function forged(neighbour: EventRow, type: string, data: Record<string, unknown>, id: string): ForgedEvent {
  return { id, type, data: JSON.stringify(data), metadata: neighbour.metadata };
}

/** Council approval while the draft is still out for comment: the machine never accepts it there. */
export const FORBIDDEN_DECISION = { session: 'C20', outcome: 'approved', mode: 'session', recordedAt: '2020-04-25T10:00:00Z' };
/** A third meeting: legal anywhere before the end, so only a checkpoint can tell it was slipped in. */
export const ALLOWED_MEETING = {
  meetingId: 'm3', startsAt: '2020-04-24T10:00:00Z', endsAt: '2020-04-24T12:00:00Z', format: 'virtual', scheduledAt: '2020-04-01T09:00:00.000Z',
};
