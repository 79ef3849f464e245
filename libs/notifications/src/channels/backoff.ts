/**
 * How long to wait after each failed try, for every channel: fixed and jitter-free, so a
 * delivery's schedule on the engine's clock is predictable (and testable on the manual one).
 * The first try plus one retry per step: after the last, the delivery is `dead`.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000, // 5 s
  30_000, // 30 s
  2 * 60_000, // 2 min
  10 * 60_000, // 10 min
  60 * 60_000, // 1 h
  6 * 60 * 60_000, // 6 h
];

/** Tries a delivery gets in all (the first and one per retry delay) before it is `dead`. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The longest wait a peer's `Retry-After` can impose: a receiver cannot park a delivery for days. */
export const MAX_RETRY_AFTER_MS = RETRY_DELAYS_MS[RETRY_DELAYS_MS.length - 1];

/**
 * The wait before the next try once `attempts` tries have failed (1 after the first), or
 * null when that was the last and the delivery is dead. A peer's `retryAfterMs` lengthens
 * the wait (never shortens it), up to MAX_RETRY_AFTER_MS.
 */
export function nextAttemptDelayMs(attempts: number, retryAfterMs?: number): number | null {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  if (attempts >= MAX_ATTEMPTS) return null;
  const scheduled = RETRY_DELAYS_MS[attempts - 1];
  const asked = retryAfterMs !== undefined && retryAfterMs > 0 ? Math.min(retryAfterMs, MAX_RETRY_AFTER_MS) : 0;
  return Math.max(scheduled, asked);
}
