import { PUBLIC_EVENT_TYPES } from '@consult/web';
import type { OperationSpec } from '../openapi/operations';
import type { JsonSchema } from '../openapi/schema-dsl';

/** The response schema of `GET /api/events/stream`. */
export function liveSchemas(): Record<string, JsonSchema> {
  return {
    EventStream: {
      type: 'string',
      description: 'Server-Sent Events (text/event-stream), for as long as the client stays: first `retry: <ms>`, then one message per public '
        + 'event, `id: <store position>` `event: <type>` `data: {"consultationId","type","position","occurredAt","data"}` (one line of JSON, '
        + 'only what the public may see: no unpublished contribution text, no author, no personal data), and `: heartbeat` comments every 15 s. '
        + `Event types: ${PUBLIC_EVENT_TYPES.join(', ')}. A client that stops reading is cut off and resumes with Last-Event-ID, losing nothing.`,
    },
  };
}

/** The operations table's row for `GET /api/events/stream`. */
export function liveOperations(): Record<string, OperationSpec> {
  return {
    'get /api/events/stream': {
      operationId: 'streamEvents', auth: 'public', errors: [400, 401, 429],
      query: {
        consultationId: { schema: { type: 'string', format: 'uuid' }, description: 'only this consultation\'s events' },
        lastEventId: {
          schema: { type: 'string', pattern: '^(0|[1-9][0-9]{0,15})$' },
          description: 'resume strictly after this position, as the `Last-Event-ID` header does (which wins when both are sent); for a first connection, where EventSource cannot set the header',
        },
      },
      ok: {
        status: 200, schema: 'EventStream', contentType: 'text/event-stream',
        description: 'the stream (429 also when the caller already holds 10 open streams: per token subject, else per address)',
      },
    },
  };
}
