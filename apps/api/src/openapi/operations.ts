import { JsonSchema, instant } from './schema-dsl';
import { latestWorkflows } from './view.schemas';
import { notificationOperations } from '../notifications/openapi.schemas';
import { calendarOperations } from '../calendar/openapi.schemas';
import { liveOperations } from '../live/openapi.schemas';

/** What the document says of one operation beyond what the controllers declare. */
export interface OperationSpec {
  operationId: string;
  /** Component schema of the JSON body, if the operation takes one. */
  body?: string;
  query?: Record<string, { schema: JsonSchema; required?: boolean; description?: string }>;
  /** The success status, its component schema and what it means. */
  ok: { status: number; schema: string; description: string; contentType?: string };
  /** Other answers that are not errors (`/health` when down). */
  other?: { status: number; schema: string; description: string }[];
  /** Error statuses, answered with the `Error` body. */
  errors: number[];
  /** `public`: a token is optional (none reads as the public); `token`: a token is required; `none`: not checked. */
  auth: 'public' | 'token' | 'none';
  /** Takes an `Idempotency-Key` header. */
  idempotent?: boolean;
  /** Answered from read models: may carry `X-Read-Model-Stale`. */
  readModel?: boolean;
}

const paging = (max: number, defaultLimit: number): OperationSpec['query'] => ({
  limit: { schema: { type: 'integer', minimum: 1, maximum: max, default: defaultLimit }, description: `page size (at most ${max})` },
  offset: { schema: { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 0 }, description: 'items to skip' },
});

/** Every operation of the API, keyed `<method> <OpenAPI path>`. */
export function operations(): Record<string, OperationSpec> {
  return {
    'post /api/consultations': {
      operationId: 'launchConsultation', idempotent: true, body: 'LaunchRequest', auth: 'token', errors: [400, 401, 403, 422, 429],
      ok: { status: 201, schema: 'Launched', description: 'launched' },
    },
    'get /api/consultations': {
      operationId: 'listConsultations', auth: 'public', errors: [400, 401, 429], readModel: true,
      query: {
        state: { schema: { type: 'string', maxLength: 64 }, description: 'only consultations in this state' },
        workflow: { schema: { type: 'string', enum: latestWorkflows().map((w) => w.name) }, description: 'only this workflow' },
        q: { schema: { type: 'string', maxLength: 200 }, description: 'text in the title or reference (case-insensitive)' },
        ...paging(500, 50),
      },
      ok: { status: 200, schema: 'ConsultationPage', description: 'a page of the list' },
    },
    'get /api/consultations/{id}': {
      operationId: 'getConsultation', auth: 'public', errors: [400, 401, 404, 429],
      ok: { status: 200, schema: 'Consultation', description: 'the current view' },
    },
    'post /api/consultations/{id}/commands': {
      operationId: 'sendCommand', idempotent: true, body: 'CommandRequest', auth: 'token', errors: [400, 401, 403, 404, 409, 422, 429],
      ok: { status: 200, schema: 'CommandResult', description: 'accepted' },
    },
    'post /api/consultations/{id}/contributions': {
      operationId: 'submitContribution', idempotent: true, body: 'SubmitContributionDto', auth: 'token', errors: [400, 401, 403, 404, 409, 422, 429],
      ok: { status: 201, schema: 'SubmittedContribution', description: 'received (published later by the secretariat)' },
    },
    'get /api/consultations/{id}/contributions': {
      operationId: 'listContributions', auth: 'public', errors: [400, 401, 404, 429], readModel: true, query: paging(1000, 100),
      ok: { status: 200, schema: 'ContributionPage', description: 'published contributions; all of them for the secretariat' },
    },
    'get /api/consultations/{id}/history': {
      operationId: 'getHistory', auth: 'token', errors: [400, 401, 403, 404, 429],
      ok: { status: 200, schema: 'History', description: 'every event' },
    },
    'get /api/consultations/{id}/state': {
      operationId: 'getStateAt', auth: 'token', errors: [400, 401, 403, 404, 429],
      query: { at: { schema: instant, required: true, description: 'ISO 8601 instant with an offset' } },
      ok: { status: 200, schema: 'StateAt', description: 'the state replayed as of `at`' },
    },
    'get /api/consultations/{id}/verify': {
      operationId: 'verifyConsultation', auth: 'token', errors: [400, 401, 403, 404, 429],
      ok: { status: 200, schema: 'Verification', description: 'the verification result (`ok: false` lists the problems)' },
    },
    'get /api/consultations/{id}/audit-report': {
      operationId: 'getAuditReport', auth: 'token', errors: [400, 401, 403, 404, 429],
      query: { lang: { schema: { type: 'string', enum: ['en', 'ar'], default: 'en' }, description: 'the report\'s language (`ar` is written right to left)' } },
      ok: { status: 200, schema: 'AuditReport', contentType: 'text/html', description: 'the printable report (its stylesheet: /assets/audit-report.css)' },
    },
    'put /api/clock': {
      operationId: 'setClock', body: 'SetClockRequest', auth: 'token', errors: [400, 401, 403, 404, 409, 429],
      ok: { status: 200, schema: 'ClockSet', description: 'the clock is set and everything due has run' },
    },
    'get /api/deadlines': {
      operationId: 'listDeadlines', auth: 'public', errors: [400, 401, 429], readModel: true,
      query: { until: { schema: instant, description: 'only deadlines due by then (ISO 8601 instant with an offset)' } },
      ok: { status: 200, schema: 'Deadlines', description: 'upcoming deadlines' },
    },
    'get /api/audit/checkpoint': {
      operationId: 'getAuditCheckpoint', auth: 'public', errors: [400, 401, 429],
      ok: { status: 200, schema: 'CheckpointNote', contentType: 'text/plain', description: 'the latest signed checkpoint, covering every event stored when asked' },
    },
    'get /api/audit/public-key': {
      operationId: 'getAuditPublicKey', auth: 'public', errors: [400, 401, 429],
      ok: { status: 200, schema: 'NoteVerifierKey', contentType: 'text/plain', description: 'the key that checks the checkpoint notes' },
    },
    'get /api/audit/consistency': {
      operationId: 'getConsistencyProof', auth: 'public', errors: [400, 401, 429],
      query: {
        from: { schema: { type: 'integer', minimum: 1 }, required: true, description: 'the older tree size (a checkpoint an auditor kept)' },
        to: { schema: { type: 'integer', minimum: 1 }, description: 'the newer tree size (default: the latest checkpoint)' },
      },
      ok: { status: 200, schema: 'ConsistencyProof', description: 'RFC 9162 consistency proof' },
    },
    'get /api/consultations/{id}/events/{revision}/proof': {
      operationId: 'getInclusionProof', auth: 'public', errors: [400, 401, 404, 429],
      query: { treeSize: { schema: { type: 'integer', minimum: 1 }, description: 'the tree to prove inclusion in (default: the latest checkpoint)' } },
      ok: { status: 200, schema: 'InclusionProof', description: 'RFC 9162 inclusion proof of the event' },
    },
    ...notificationOperations(),
    ...calendarOperations(),
    ...liveOperations(),
    'get /health': {
      operationId: 'getHealth', auth: 'none', errors: [],
      ok: { status: 200, schema: 'Health', description: 'the event store answers' },
      other: [{ status: 503, schema: 'Health', description: 'the event store does not answer (`status: "error"`)' }],
    },
  };
}
