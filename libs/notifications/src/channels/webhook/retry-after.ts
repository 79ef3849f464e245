/**
 * A `Retry-After` header (RFC 9110 §10.2.3) as milliseconds from `now`: delay-seconds or an
 * HTTP date. Undefined when absent or unreadable; a date in the past means "now" (0).
 */
export function parseRetryAfter(header: string | string[] | undefined, now: Date): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only the date forms HTTP allows: a bare number with a sign or a fraction is not one.
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
