import { InvalidRequestInput } from './invalid-input.error';

/**
 * U+0000 (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its partner (no UTF-8
 * encoding exists for it; JSON.parse accepts one written as `\ud800`). Without the `u` flag
 * the pattern sees code units, which is what makes a lone surrogate visible.
 */
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The message every refusal of such text carries, after the field name. */
export const UNSAFE_TEXT_REASON = 'must not contain U+0000 or an unpaired UTF-16 surrogate';

/** True when `text` holds a character no store or JSON encoder can keep faithfully. */
export function isUnsafeText(text: string): boolean {
  return UNSAFE_TEXT.test(text);
}

/** Refuses `text` with a 400 naming `field` when it is unsafe. */
export function assertSafeText(field: string, text: string): void {
  if (isUnsafeText(text)) throw new InvalidRequestInput(field, 'wellFormedText', `${field} ${UNSAFE_TEXT_REASON}`);
}

/**
 * Walks a parsed JSON value and refuses, naming the field path (`payload.sections.0.title`,
 * dotted as the validation errors are): unsafe text in a string or a key, and the keys
 * that poison prototypes when copied (`__proto__`, `constructor.prototype`).
 */
export function assertSafeJsonValue(value: unknown): void {
  walk(value, []);
}

/** Depth-first over the value; `path` is one array pushed and popped, as bodies may be large. */
function walk(value: unknown, path: (string | number)[]): void {
  if (typeof value === 'string') {
    if (isUnsafeText(value)) assertSafeText(fieldName(path), value);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visit(value[i], i, path);
    return;
  }
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    assertSafeKey(key, child, path);
    visit(child, key, path);
  }
}

function visit(child: unknown, step: string | number, path: (string | number)[]): void {
  path.push(step);
  walk(child, path);
  path.pop();
}

function assertSafeKey(key: string, child: unknown, path: readonly (string | number)[]): void {
  if (isUnsafeText(key)) {
    const where = path.length === 0 ? 'the body' : fieldName(path);
    throw new InvalidRequestInput(fieldName(path), 'wellFormedText', `a field name in ${where} ${UNSAFE_TEXT_REASON}`);
  }
  const poisons = key === '__proto__' || (key === 'constructor' && typeof child === 'object' && child !== null && Object.hasOwn(child, 'prototype'));
  if (poisons) {
    const field = fieldName([...path, key]);
    throw new InvalidRequestInput(field, 'noPrototypeKeys', `${field} is not allowed: it would change an object's prototype`);
  }
}

/** The dotted path of a field; the whole body is `body`. */
function fieldName(path: readonly (string | number)[]): string {
  return path.length === 0 ? 'body' : path.join('.');
}
