import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '@consult/http';
import { InvalidInput } from './consultation.errors';
import { ValidationPlan } from './validation-plan';

/**
 * Validates a plain body against a DTO class. Unknown fields are refused so a typo
 * is never silently ignored; `label` names the body in the message.
 */
export function validateBody<T extends object>(type: new () => T, body: unknown, label: string, strict = true): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidInput(`${label} must be a JSON object`, [{ field: label, constraints: { invalid: 'must be a JSON object' } }]);
  }
  const accepted = ValidationPlan.for(type)?.accept(body as Record<string, unknown>, strict);
  if (accepted) return accepted;
  const instance = plainToInstance(type, body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: strict });
  if (errors.length > 0) {
    const fields = flattenValidationErrors(errors, label === 'body' ? '' : label);
    throw new InvalidInput(`invalid ${label}: ${fields.map((f) => `${f.field} ${Object.values(f.constraints).join(', ')}`).join('; ')}`, fields);
  }
  return instance;
}
