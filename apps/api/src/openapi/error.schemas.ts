import { STATUS_CODES } from 'node:http';
import { JsonSchema, arrayOf, integer, object, ref, string } from './schema-dsl';

/** Component schemas of every error body: `{statusCode, error, message, details?}`. */
export const errorSchemas: Record<string, JsonSchema> = {
  FieldProblem: object(
    { field: { type: 'string', description: 'dotted path of the field, e.g. `title.en`, `payload.closesAt`, `limit`' },
      constraints: { type: 'object', additionalProperties: string, description: 'failed rule → message' } },
    {},
    'one invalid field of a body, query or path',
  ),
  ErrorCode: {
    type: 'object',
    description: 'the stable code of the error (`AREA.REASON`) and what else it carries',
    required: ['code'],
    properties: { code: { type: 'string', pattern: '^[A-Z0-9_]+(\\.[A-Z0-9_]+)+$' } },
    additionalProperties: true,
  },
  Error: object(
    {
      statusCode: { ...integer, minimum: 400, maximum: 599 },
      error: { type: 'string', description: 'the HTTP reason phrase, e.g. `Conflict`' },
      message: string,
    },
    { details: { anyOf: [arrayOf(ref('FieldProblem')), ref('ErrorCode')], description: 'invalid fields (400) or the stable code' } },
    'every error answer of the API',
  ),
};

/** Statuses the API answers with the error body, and when. */
export const ERROR_MEANINGS: Record<number, string> = {
  400: 'invalid body, query or path; `details` names the fields',
  401: 'a token is present but bad (signature, algorithm, expired, no `exp`, unknown role, participant without group)',
  403: 'the caller’s role or group may not do this',
  404: 'unknown consultation (or the clock is not manual)',
  409: 'stale `expectedVersion`, or the current state does not allow it (the message names state and command)',
  422: 'the `Idempotency-Key` was used before with a different body',
  429: 'too many requests for this token or address; retry after `Retry-After` seconds',
  503: 'the service cannot answer now',
};

/** The response object for an error status. */
export function errorResponse(status: number, meaning = ERROR_MEANINGS[status]): JsonSchema {
  const response: JsonSchema = {
    description: `${STATUS_CODES[status] ?? 'Error'}: ${meaning ?? 'error'}`,
    content: { 'application/json': { schema: ref('Error') } },
  };
  if (status === 429) response.headers = { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer', minimum: 0 } } };
  return response;
}
