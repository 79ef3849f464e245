import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Unauthorized } from './auth.errors';
import { TokenService } from './token.service';

const SECRET = 'unit-test-secret-unit-test-secret-0123';
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Signs any payload with HS256, including ones jsonwebtoken would not sign. */
const hs256 = (payload: unknown) => {
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
};

/** Bad tokens of every kind DESIGN.md names, each one flaw away from a good one. */
const BAD_TOKENS: Array<[string, () => string]> = [
  ['a wrong signature', () => new TokenService('another-secret-another-secret-0123456').sign({ sub: 's', role: 'secretariat' })],
  ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 's', role: 'secretariat', exp: inAnHour() })}.`],
  ['HS512 with the right secret', () => jwt.sign({ sub: 's', role: 'secretariat' }, SECRET, { algorithm: 'HS512', expiresIn: 60 })],
  ['RS256', () => jwt.sign({ sub: 's', role: 'secretariat' }, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, { algorithm: 'RS256', expiresIn: 60 })],
  ['an expired token', () => jwt.sign({ sub: 's', role: 'secretariat', exp: Math.floor(Date.now() / 1000) - 10 }, SECRET)],
  ['no exp', () => jwt.sign({ sub: 's', role: 'secretariat' }, SECRET)],
  ['an exp that is not a number', () => hs256({ sub: 's', role: 'secretariat', exp: 'tomorrow' })],
  ['an unknown role', () => jwt.sign({ sub: 's', role: 'admin' }, SECRET, { expiresIn: 60 })],
  ['no role', () => jwt.sign({ sub: 's' }, SECRET, { expiresIn: 60 })],
  ['no sub', () => jwt.sign({ role: 'auditor' }, SECRET, { expiresIn: 60 })],
  ['a participant without a group', () => jwt.sign({ sub: 's', role: 'participant' }, SECRET, { expiresIn: 60 })],
  ['an unknown group', () => jwt.sign({ sub: 's', role: 'participant', group: 'everyone' }, SECRET, { expiresIn: 60 })],
  ['nbf in the future', () => jwt.sign({ sub: 's', role: 'secretariat', nbf: inAnHour() - 60 }, SECRET, { expiresIn: '2h' })],
  ['a payload that is not an object', () => hs256('hello')],
  ['a payload that is an array', () => hs256([{ sub: 's', role: 'secretariat', exp: inAnHour() }])],
  ['a tampered payload', () => {
    const [header, , signature] = new TokenService(SECRET).sign({ sub: 's', role: 'auditor' }).split('.');
    return `${header}.${b64({ sub: 's', role: 'secretariat', exp: inAnHour() })}.${signature}`;
  }],
  ['garbage', () => 'not.a.jwt'],
];

describe('TokenService', () => {
  const tokens = new TokenService(SECRET);

  it('reads the caller from a token it signed', () => {
    const token = tokens.sign({ sub: 'p1', role: 'participant', group: 'academia', org: 'UNIGE', name: 'A' });
    expect(tokens.callerFrom(`Bearer ${token}`)).toEqual({ kind: 'token', sub: 'p1', role: 'participant', group: 'academia', org: 'UNIGE', name: 'A' });
  });

  it('reads no header as the public, also asynchronously', async () => {
    expect(tokens.callerFrom(undefined)).toEqual({ kind: 'public' });
    await expect(tokens.callerOf(undefined)).resolves.toEqual({ kind: 'public' });
  });

  it.each(BAD_TOKENS)('refuses %s', async (_label, make) => {
    const header = `Bearer ${make()}`;
    expect(() => tokens.callerFrom(header)).toThrow(Unauthorized);
    await expect(tokens.callerOf(header)).rejects.toBeInstanceOf(Unauthorized);
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer a b'], [''], ['Bearer <token>']])('refuses the header %j', (header) => {
    expect(() => tokens.callerFrom(header)).toThrow('Authorization header must be "Bearer <token>"');
  });

  it('says why a token is refused', () => {
    expect(() => tokens.callerFrom(`Bearer ${jwt.sign({ sub: 's', role: 'secretariat' }, SECRET)}`)).toThrow('token claims invalid: exp');
    expect(() => tokens.callerFrom(`Bearer ${BAD_TOKENS[2][1]()}`)).toThrow('token algorithm not allowed');
    expect(() => tokens.callerFrom(`Bearer ${BAD_TOKENS[4][1]()}`)).toThrow('token expired');
  });

  it('accepts a well-formed HS256 token made by another library', () => {
    expect(tokens.callerFrom(`Bearer ${hs256({ sub: 'a', role: 'auditor', exp: inAnHour() })}`)).toMatchObject({ sub: 'a', role: 'auditor' });
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
