import type { FieldProblem } from '../request-validation.error';

/**
 * Input refused at the HTTP edge, before any handler ran (malformed JSON, too deep, text
 * PostgreSQL or JSON cannot hold, odd query names). Maps to 400 with one `details` entry.
 */
export class InvalidRequestInput extends Error {
  readonly code = 'REQUEST.INPUT_INVALID';
  readonly statusCode = 400;
  readonly details: FieldProblem[];

  constructor(field: string, constraint: string, message: string) {
    super(message);
    this.name = 'InvalidRequestInput';
    this.details = [{ field, constraints: { [constraint]: message } }];
  }
}
