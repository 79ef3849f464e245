import { InvalidRequestInput } from './invalid-input.error';
import { assertSafeJsonValue } from './unsafe-text';

/** How deeply arrays and objects may nest in a body; the deepest real body nests 5 levels. */
export const MAX_JSON_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a JSON request body strictly: valid UTF-8, nesting capped before parsing (deep
 * nesting overflows the stack of whatever walks the value next), no prototype-poisoning
 * keys, and no text PostgreSQL or JSON cannot hold. Every refusal is a 400 naming its field.
 */
export function parseJsonBody(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): unknown {
  const text = decodeUtf8(bytes);
  if (text.trim() === '') throw new InvalidRequestInput('body', 'notEmpty', 'the body is empty; send a JSON value');
  assertJsonDepth(text, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidRequestInput('body', 'isJson', `the body is not valid JSON: ${(error as Error).message}`);
  }
  assertSafeJsonValue(value);
  return value;
}

/** Decodes UTF-8, refusing malformed bytes rather than replacing them with U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InvalidRequestInput('body', 'isUtf8', 'the body is not valid UTF-8');
  }
}

/**
 * Refuses JSON text whose arrays and objects nest deeper than `max`, counting brackets
 * outside strings. Malformed text is left for JSON.parse to report.
 */
export function assertJsonDepth(text: string, max: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) throw new InvalidRequestInput('body', 'maxDepth', `the body nests deeper than ${max} levels`);
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
}
