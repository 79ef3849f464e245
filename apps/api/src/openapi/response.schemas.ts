import { CONTRIBUTION_KINDS, STAKEHOLDER_GROUPS } from '@consult/workflows';
import {
  JsonSchema, anyObject, arrayOf, boolean, instant, integer, object, oneOfValues, orNull, ref, string,
} from './schema-dsl';
import { viewSchemas } from './view.schemas';
import { notificationSchemas } from '../notifications/openapi.schemas';
import { calendarSchemas } from '../calendar/openapi.schemas';
import { liveSchemas } from '../live/openapi.schemas';

const count: JsonSchema = { type: 'integer', minimum: 0 };
const base64Hash: JsonSchema = { type: 'string', contentEncoding: 'base64', pattern: '^[A-Za-z0-9+/]{43}=$', description: 'a SHA-256 hash, base64' };
const auditedValue: JsonSchema = { type: ['string', 'number', 'boolean', 'null'] };
const page = (item: string, description: string): JsonSchema =>
  object({ total: { ...count, description: 'matching items, all pages' }, items: arrayOf(ref(item)) }, {}, description);

/** A contribution as lists show it; `SubmittedContribution` adds what only its author gets back. */
function contribution(submitted: boolean): JsonSchema {
  const author = submitted ? object({ sub: string }, { name: string, group: string, org: string }) : object({}, { name: string, group: string, org: string });
  return object(
    {
      id: string, ...(submitted && { contributionId: string }), consultationId: string, kind: oneOfValues(CONTRIBUTION_KINDS),
      text: string, language: string, author, submittedAt: instant, published: boolean,
    },
    { section: string, action: oneOfValues(['MOD', 'SUP', 'ADD']), target: string, reason: string, ...(!submitted && { publishedAt: instant }) },
  );
}

/** Component schemas of every successful answer (see the operations table for which is which). */
export function responseSchemas(): Record<string, JsonSchema> {
  return {
    ...viewSchemas(),
    ...notificationSchemas(),
    ...calendarSchemas(),
    ...liveSchemas(),
    Launched: object({ id: string, version: integer, state: string }, {}, 'the new consultation'),
    ConsultationSummary: object({
      id: string, workflow: string, workflowVersion: integer, title: ref('LocalizedText'), reference: orNull(string),
      state: string, phase: orNull(string), eligibleGroups: arrayOf(oneOfValues(STAKEHOLDER_GROUPS)), launchedAt: instant,
      updatedAt: instant, version: integer, nextDeadlineAt: orNull(instant), contributions: count,
    }, {}, 'one row of the consultation list'),
    ConsultationPage: page('ConsultationSummary', 'a page of consultations, newest launch first'),
    Event: object({ id: string, type: string, revision: integer, position: integer, data: anyObject, recordedAt: instant }),
    CommandResult: object({ version: integer, state: string, events: arrayOf(ref('Event')) }, {}, 'the new version, the state after the command, the events it wrote'),
    Contribution: contribution(false),
    SubmittedContribution: contribution(true),
    ContributionPage: page('Contribution', 'a page of contributions, oldest first'),
    Actor: object({ sub: string, role: oneOfValues(['secretariat', 'participant', 'auditor', 'system']) }, { group: string, org: string, name: string }),
    FieldChange: object({
      field: { ...string, description: 'what changed: `state`, `phase`, `meetings[<id>].startsAt`, `rounds[<n>].closesAt`, `council.session`, `phases[<key>].endsAt` ...' },
      from: { ...auditedValue, description: 'the value before (null: it did not exist)' },
      to: { ...auditedValue, description: 'the value after (null: it no longer exists)' },
    }),
    HistoryEntry: object(
      {
        revision: integer, position: integer, id: string, type: string, data: anyObject, actor: ref('Actor'), recordedAt: instant, hash: string,
        changes: arrayOf(ref('FieldChange')), documents: { ...arrayOf(string), description: 'documents the event names (circular letters, drafts, Council documents)' },
      },
      {
        reason: string, workflow: string, correlationId: string, causationId: string, prevHash: string,
        effectiveAt: { ...instant, description: 'when the fact took effect, where it differs from recordedAt' },
      },
    ),
    History: object({ id: string, events: arrayOf(ref('HistoryEntry')) }, {}, 'every event of the consultation, oldest first'),
    AuditReport: { type: 'string', description: 'an HTML document: the consultation, its workflow version, a timeline of every event with who, when, why and what changed, the Council decisions, the verification result and the latest signed checkpoint' },
    StateAt: object({
      id: string, at: string, exists: { ...boolean, description: 'false before the launch' }, version: orNull(integer),
      state: orNull(string), view: orNull(ref('ConsultationView')),
    }, {}, 'the consultation as it was at `at`'),
    VerificationProblem: object({ stream: string, revision: integer, problem: string, detail: string }, { eventId: string }),
    Verification: object({ ok: boolean, events: count, problems: arrayOf(ref('VerificationProblem')) }, {}, 'hash chains and replay'),
    Deadline: object({ consultationId: string, title: ref('LocalizedText'), key: string, kind: string, dueAt: instant }, { label: string }),
    Deadlines: object({ now: instant, items: arrayOf(ref('Deadline')) }, {}, 'upcoming deadlines, soonest first'),
    FiredDeadline: object({ consultationId: string, key: string, kind: string, dueAt: instant, event: string }),
    SentReminder: object({ id: string, consultationId: string, targetKey: string, offset: string, dueAt: instant, late: boolean }),
    DeliveryCounts: object({ accepted: integer, retried: integer, dead: integer, cancelled: integer }, {}, 'what the outbox did: e-mails and webhooks accepted, to be retried, given up, cancelled'),
    ClockSet: object({ now: instant, fired: arrayOf(ref('FiredDeadline')), reminders: arrayOf(ref('SentReminder')) }, { deliveries: ref('DeliveryCounts') }, 'the new time and what fell due: reminders sent, deadlines fired, deliveries made'),
    CheckpointNote: { type: 'string', description: 'C2SP tlog-checkpoint (origin, tree size, base64 root) signed as an Ed25519 C2SP signed-note' },
    NoteVerifierKey: { type: 'string', pattern: '^[^+\\s]+\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]+=*\\s*$', description: '<name>+<hex key hash>+<base64(0x01 || Ed25519 public key)>' },
    ConsistencyProof: object({ from: integer, treeSize: integer, hashes: arrayOf(base64Hash) }, {}, 'PROOF(from, treeSize) of RFC 9162, oldest subtree first'),
    InclusionProof: object({ treeSize: integer, leafIndex: integer, hashes: arrayOf(base64Hash) }, {}, 'PATH(leafIndex, treeSize) of RFC 9162, leaf side first'),
    Health: object({
      status: oneOfValues(['ok', 'error']),
      eventStore: object({ kind: oneOfValues(['sqlite', 'postgres', 'kurrentdb']) }, { headPosition: integer, error: string }),
      clock: oneOfValues(['system', 'manual']), version: string,
    }, {
      projections: object({}, {
        checkpoint: integer, head: integer, lag: integer, parked: integer,
        parkedByProjection: { type: 'object', additionalProperties: integer }, degraded: boolean, error: string,
      }, 'the read models: how far behind the store, and events parked because they could not be applied'),
    }, 'whether the engine can serve'),
  };
}
