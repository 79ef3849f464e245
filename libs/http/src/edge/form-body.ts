import { InvalidRequestInput } from './invalid-input.error';
import { decodeUtf8 } from './json-body';
import { assertSafeJsonValue } from './unsafe-text';

/**
 * The one path a form body may be posted to: RFC 8058 one-click unsubscribe, where the mail
 * client (not our code) sends `List-Unsubscribe=One-Click` as application/x-www-form-urlencoded.
 */
const ONE_CLICK_UNSUBSCRIBE = /^\/api\/subscriptions\/[^/?#]+\/unsubscribe$/;

/** A form body is a few short fields; anything longer is not a one-click unsubscribe. */
export const MAX_FORM_BYTES = 1024;
const MAX_FORM_FIELDS = 8;

/** Whether a request may carry an application/x-www-form-urlencoded body (every other path keeps answering 415). */
export function acceptsFormBody(method: string, url: string): boolean {
  return method === 'POST' && ONE_CLICK_UNSUBSCRIBE.test(url.split('?', 1)[0]);
}

/**
 * Parses a tiny form body strictly: valid UTF-8, at most a few fields, each named once, no
 * prototype-poisoning names and no text a store cannot hold. Every refusal is a 400.
 */
export function parseFormBody(bytes: Uint8Array): Record<string, string> {
  if (bytes.length > MAX_FORM_BYTES) throw new InvalidRequestInput('body', 'maxLength', `the form body is longer than ${MAX_FORM_BYTES} bytes`);
  const entries = [...new URLSearchParams(decodeUtf8(bytes)).entries()];
  if (entries.length > MAX_FORM_FIELDS) throw new InvalidRequestInput('body', 'maxFields', `the form body has more than ${MAX_FORM_FIELDS} fields`);
  // fromEntries defines own properties, so a `__proto__` name cannot reach the prototype; the check refuses it anyway.
  const form = Object.fromEntries(entries);
  assertSafeJsonValue(form);
  if (Object.keys(form).length !== entries.length) throw new InvalidRequestInput('body', 'notRepeated', 'a field of the form body is given more than once');
  return form;
}
