import { MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, RETRY_DELAYS_MS, nextAttemptDelayMs } from '../../libs/notifications/src/channels/backoff';

describe('delivery backoff', () => {
  it('waits 5 s, 30 s, 2 min, 10 min, 1 h and 6 h after the first six failures', () => {
    const waits = [1, 2, 3, 4, 5, 6].map((attempts) => nextAttemptDelayMs(attempts));
    expect(waits).toEqual([5_000, 30_000, 120_000, 600_000, 3_600_000, 21_600_000]);
  });

  it('gives up after MAX_ATTEMPTS tries: the delivery is dead', () => {
    expect(MAX_ATTEMPTS).toBe(RETRY_DELAYS_MS.length + 1);
    expect(nextAttemptDelayMs(MAX_ATTEMPTS - 1)).not.toBeNull();
    expect(nextAttemptDelayMs(MAX_ATTEMPTS)).toBeNull();
    expect(nextAttemptDelayMs(MAX_ATTEMPTS + 3)).toBeNull();
  });

  it('never shortens a wait, whatever the schedule', () => {
    for (let attempts = 2; attempts < MAX_ATTEMPTS; attempts += 1) {
      expect(nextAttemptDelayMs(attempts)!).toBeGreaterThan(nextAttemptDelayMs(attempts - 1)!);
    }
  });

  it('waits at least as long as the receiver asked with Retry-After', () => {
    expect(nextAttemptDelayMs(1, 120_000)).toBe(120_000);
  });

  it('keeps its own schedule when Retry-After asks for less', () => {
    expect(nextAttemptDelayMs(3, 1_000)).toBe(120_000);
  });

  it('caps Retry-After so a receiver cannot park a delivery for days', () => {
    expect(nextAttemptDelayMs(1, 30 * 24 * 3_600_000)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('refuses an attempt count that is not a positive integer', () => {
    expect(() => nextAttemptDelayMs(0)).toThrow(RangeError);
    expect(() => nextAttemptDelayMs(1.5)).toThrow(RangeError);
  });
});
