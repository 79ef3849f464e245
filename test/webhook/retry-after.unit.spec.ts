import { parseRetryAfter } from '../../libs/notifications/src/channels/webhook';

const NOW = new Date('2025-03-01T12:00:00Z');

describe('Retry-After', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:01:30 GMT', NOW)).toBe(90_000);
  });

  it('reads a date already past as no wait', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores what is absent or not a delay', () => {
    for (const header of [undefined, '', '-5', '1.5', 'soon', 'Tuesday']) expect(parseRetryAfter(header, NOW)).toBeUndefined();
  });
});
