import { InvalidStreamRequest } from './live.errors';

/** What a client asked of the stream: where to resume and which consultation, if one. */
export interface StreamRequest {
  /** Resume strictly after this store position; undefined: from now on. */
  after?: number;
  consultationId?: string;
}

/** Consultation ids are UUIDs (v7 when launched, v5 when derived from an Idempotency-Key). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUERY_NAMES = ['consultationId', 'lastEventId'];
/** A store position: a non-negative integer JavaScript holds exactly. */
const POSITION = /^(0|[1-9][0-9]{0,15})$/;

/**
 * Reads the resume point (the `Last-Event-ID` header, else `?lastEventId=`, which an
 * EventSource can set on its first connection) and the `consultationId` filter.
 */
export function parseStreamRequest(header: unknown, query: Record<string, unknown>): StreamRequest {
  const request: StreamRequest = {};
  const unknown = Object.keys(query).find((name) => !QUERY_NAMES.includes(name));
  if (unknown !== undefined) throw new InvalidStreamRequest(unknown, `is not a parameter of this stream (${QUERY_NAMES.join(', ')})`);
  const fromHeader = single(header, 'Last-Event-ID');
  const field = fromHeader !== undefined ? 'Last-Event-ID' : 'lastEventId';
  // An empty id is what EventSource keeps after an event without one: no resume point.
  const lastEventId = (fromHeader ?? single(query.lastEventId, 'lastEventId'))?.trim();
  if (lastEventId) {
    if (!POSITION.test(lastEventId) || !Number.isSafeInteger(Number(lastEventId))) {
      throw new InvalidStreamRequest(field, 'must be an event position (a non-negative integer) sent as an id by this stream');
    }
    request.after = Number(lastEventId);
  }
  const consultationId = single(query.consultationId, 'consultationId');
  if (consultationId !== undefined) {
    if (!UUID.test(consultationId)) throw new InvalidStreamRequest('consultationId', 'must be a consultation id (a UUID)');
    request.consultationId = consultationId.toLowerCase();
  }
  return request;
}

/** One string value; a repeated header or query parameter is refused rather than guessed. */
function single(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidStreamRequest(field, 'must be given once');
  return value;
}
