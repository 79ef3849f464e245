import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { FieldProblem, InvalidInput } from './consultation.errors';
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
  refuseObjectMemberKeys(body, label === 'body' || label === 'query' ? '' : label);
  const instance = plainToInstance(type, body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: strict });
  if (errors.length > 0) {
    const fields = fieldProblems(errors, label === 'body' || label === 'query' ? '' : label);
    throw new InvalidInput(`invalid ${label}: ${fields.map((f) => `${f.field} ${Object.values(f.constraints).join(', ')}`).join('; ')}`, fields);
  }
  return instance;
}

/** Keys no input of ours has, that class-transformer reads as the object's own machinery. */
const MEMBER_KEYS = new Set(['constructor', 'prototype', '__proto__']);

/** Refuses `{"constructor": ...}` and the like anywhere in the input, naming the field (class-transformer throws on them). */
function refuseObjectMemberKeys(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (MEMBER_KEYS.has(key)) throw new InvalidInput(`${field} is not an accepted field`, [{ field, constraints: { invalid: 'is not an accepted field' } }]);
    refuseObjectMemberKeys(child, field);
  }
}

/** Nested class-validator errors as dotted field paths (`title.en`, `phases.0.key`). */
function fieldProblems(errors: ValidationError[], parent: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldProblem[] = error.constraints ? [{ field, constraints: { ...error.constraints } }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}
