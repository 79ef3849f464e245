import { InvalidRequestInput } from './invalid-input.error';
import { UNSAFE_TEXT_REASON, assertSafeText, isUnsafeText } from './unsafe-text';

/** Query and path values as Fastify hands them over (a repeated name becomes an array). */
export type RawValues = Record<string, string | string[] | undefined> | null | undefined;

/**
 * Refuses query names the API never uses and would read oddly: a repeated name
 * (`?state=a&state=b` is an array where a string is expected) and bracketed names
 * (`?state[]=a`, `?a[b]=1`, which other frameworks read as arrays or objects).
 */
export function assertPlainQueryNames(query: RawValues): void {
  if (!query) return;
  for (const name of Object.keys(query)) {
    if (Array.isArray(query[name])) {
      throw new InvalidRequestInput(name, 'notRepeated', `query parameter ${name} is given more than once; give it once`);
    }
    if (name.includes('[') || name.includes(']')) {
      throw new InvalidRequestInput(name, 'plainName', `query parameter ${name} is not allowed: names carry no brackets`);
    }
  }
}

/** Refuses NUL and unpaired surrogates in query or path names and values, naming the parameter. */
export function assertSafeValues(values: RawValues, kind: 'query' | 'path'): void {
  if (!values) return;
  for (const name of Object.keys(values)) {
    if (isUnsafeText(name)) {
      throw new InvalidRequestInput(kind, 'wellFormedText', `a ${kind} parameter name ${UNSAFE_TEXT_REASON}`);
    }
    const value = values[name];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string') assertSafeText(name, item);
    }
  }
}
