import type { OperationSpec } from '../openapi/operations';
import type { JsonSchema } from '../openapi/schema-dsl';

/** The response schema of `GET /api/consultations/{id}/calendar.ics`. */
export function calendarSchemas(): Record<string, JsonSchema> {
  return {
    Calendar: {
      type: 'string',
      description: 'an iCalendar (RFC 5545) document: the VTIMEZONE of the consultation\'s zone, one VEVENT per meeting, Council consideration '
        + 'and deadline (a round\'s closing, a phase\'s end) with a stable UID, a SEQUENCE counting its revisions, STATUS:CANCELLED for '
        + 'what a withdrawal left pending, and a URL to the consultation\'s page',
    },
  };
}

/** The operations table's row for `GET /api/consultations/{id}/calendar.ics`. */
export function calendarOperations(): Record<string, OperationSpec> {
  return {
    'get /api/consultations/{id}/calendar.ics': {
      operationId: 'getConsultationCalendar', auth: 'public', errors: [400, 401, 404, 429], readModel: true,
      ok: { status: 200, schema: 'Calendar', contentType: 'text/calendar', description: 'the feed (ETag: `If-None-Match` answers 304 when unchanged)' },
    },
  };
}
