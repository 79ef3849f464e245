import { ValidationError } from 'class-validator';

/** One invalid input field: its dotted path and the failed constraints (name → message). */
export interface FieldProblem {
  field: string;
  constraints: Record<string, string>;
}

/** Input that failed class-validator; maps to 400 with one `details` entry per field. */
export class RequestValidationError extends Error {
  readonly code = 'REQUEST.INVALID';
  readonly details: FieldProblem[];

  constructor(errors: ValidationError[]) {
    const details = flattenValidationErrors(errors);
    super(summarise(details));
    this.name = 'RequestValidationError';
    this.details = details;
  }
}

/** Flattens nested class-validator errors into dotted field paths (`title.en`, `phases.0.key`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldProblem[] = error.constraints ? [{ field, constraints: { ...error.constraints } }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function summarise(details: FieldProblem[]): string {
  if (details.length === 0) return 'invalid input';
  const first = details.slice(0, 3).map((d) => Object.values(d.constraints)[0] ?? `${d.field} is invalid`);
  const more = details.length > 3 ? ` (and ${details.length - 3} more)` : '';
  return `invalid input: ${first.join('; ')}${more}`;
}
