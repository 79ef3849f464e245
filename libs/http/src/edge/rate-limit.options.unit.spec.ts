import { corsOptions } from './cors.options';
import { rateLimitKey, rateLimitOptions } from './rate-limit.options';

describe('rateLimitKey', () => {
  const verified = { kind: 'token' };

  it('keys a verified token by a hash of the Authorization value, never the token itself', () => {
    const key = rateLimitKey({ headers: { authorization: 'Bearer abc.def.ghi' }, ip: '10.0.0.1', caller: verified });
    expect(key).toMatch(/^token:[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain('abc');
    expect(rateLimitKey({ headers: { authorization: 'Bearer abc.def.ghi' }, ip: '10.0.0.2', caller: verified })).toBe(key);
    expect(rateLimitKey({ headers: { authorization: 'Bearer other' }, ip: '10.0.0.1', caller: verified })).not.toBe(key);
  });

  it('keys the public, and a token nobody verified, by IP address', () => {
    expect(rateLimitKey({ headers: {}, ip: '10.0.0.1' })).toBe('ip:10.0.0.1');
    expect(rateLimitKey({ headers: { authorization: 'Bearer made-up' }, ip: '10.0.0.1', caller: { kind: 'public' } })).toBe('ip:10.0.0.1');
    expect(rateLimitKey({ headers: { authorization: 'Bearer made-up' }, ip: '10.0.0.1' })).toBe('ip:10.0.0.1');
  });

  it('counts CONSULT_RATE_LIMIT requests a minute', () => {
    expect(rateLimitOptions(42)).toMatchObject({ max: 42, timeWindow: 60_000, global: true });
  });
});

describe('corsOptions', () => {
  it('leaves CORS closed when no origin is configured', () => {
    expect(corsOptions(undefined)).toBeUndefined();
    expect(corsOptions(' , ')).toBeUndefined();
  });

  it('allows the listed origins, or any for *', () => {
    expect(corsOptions('https://a.example, https://b.example')?.origin).toEqual(['https://a.example', 'https://b.example']);
    expect(corsOptions('*')?.origin).toBe('*');
  });
});
