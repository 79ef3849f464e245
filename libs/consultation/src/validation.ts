import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { FieldProblem, InvalidInput } from './consultation.errors';

/** Flattens nested class-validator errors into `field.path: [messages]`. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/**
 * Validates a plain body against a DTO class. Unknown fields are refused so a typo
 * is never silently ignored; `label` names the body in the message.
 */
export function validateBody<T extends object>(type: new () => T, body: unknown, label: string, strict = true): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidInput(`${label} must be a JSON object`, [{ field: label, problems: ['must be a JSON object'] }]);
  }
  const instance = plainToInstance(type, body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: strict });
  if (errors.length > 0) {
    const fields = fieldProblems(errors, label === 'body' ? '' : label);
    throw new InvalidInput(`invalid ${label}: ${fields.map((f) => `${f.field} ${f.problems.join(', ')}`).join('; ')}`, fields);
  }
  return instance;
}
