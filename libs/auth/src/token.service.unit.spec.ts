import jwt from 'jsonwebtoken';
import { Unauthorized } from './auth.errors';
import { TokenService } from './token.service';

const SECRET = 'unit-test-secret-unit-test-secret-0123';

describe('TokenService', () => {
  const tokens = new TokenService(SECRET);

  it('reads the caller from a token it signed', () => {
    const token = tokens.sign({ sub: 'p1', role: 'participant', group: 'academia', org: 'UNIGE', name: 'A' });
    expect(tokens.callerFrom(`Bearer ${token}`)).toEqual({ kind: 'token', sub: 'p1', role: 'participant', group: 'academia', org: 'UNIGE', name: 'A' });
  });

  it('reads no header as the public', () => {
    expect(tokens.callerFrom(undefined)).toEqual({ kind: 'public' });
  });

  it.each([
    ['another secret', () => new TokenService('another-secret-another-secret-0123456').sign({ sub: 's', role: 'secretariat' })],
    ['an expired token', () => tokens.sign({ sub: 's', role: 'secretariat' }, -1)],
    ['another algorithm', () => jwt.sign({ sub: 's', role: 'secretariat' }, 'x', { algorithm: 'HS512' })],
    ['an unknown role', () => jwt.sign({ sub: 's', role: 'admin' }, SECRET)],
    ['a participant without a group', () => jwt.sign({ sub: 's', role: 'participant' }, SECRET)],
  ])('refuses %s', (_label, make) => {
    expect(() => tokens.callerFrom(`Bearer ${make()}`)).toThrow(Unauthorized);
  });

  it('refuses a header that is not a bearer token', () => {
    expect(() => tokens.callerFrom('Basic dXNlcjpwYXNz')).toThrow('Authorization header must be "Bearer <token>"');
  });

  it('will not sign claims the api would refuse', () => {
    expect(() => tokens.sign({ sub: 's', role: 'participant', group: 'everyone' })).toThrow(Unauthorized);
  });

  it('still refuses a token it has already accepted once it expires', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    try {
      const token = tokens.sign({ sub: 's', role: 'secretariat' }, 60);
      expect(tokens.callerFrom(`Bearer ${token}`)).toMatchObject({ sub: 's' });
      jest.setSystemTime(new Date('2026-01-01T00:01:01Z'));
      expect(() => tokens.callerFrom(`Bearer ${token}`)).toThrow('token expired');
    } finally {
      jest.useRealTimers();
    }
  });
});
