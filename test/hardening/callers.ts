import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { TokenService } from '../../libs/auth/src/token.service';
import { TEST_JWT_SECRET } from '../support/spawn-app';

/** Every stakeholder group of DESIGN.md "Auth", in the order of the contract. */
export const GROUPS = [
  'member-state', 'sector-member', 'associate', 'academia', 'observer',
  'civil-society', 'private-sector', 'technical-community', 'international-organization',
] as const;
export type Group = (typeof GROUPS)[number];

/** Who a good caller is: the public, a role, or a participant of a group. */
export type GoodCaller = { kind: 'public' } | { kind: 'secretariat' } | { kind: 'auditor' } | { kind: 'participant'; group: Group };

/** The kinds of present-but-bad credentials DESIGN.md says are 401 on every /api path. */
export const BAD_TOKEN_KINDS = [
  'wrong-signature', 'alg-none', 'hs512', 'expired', 'no-exp', 'unknown-role', 'participant-without-group',
  'participant-unknown-group', 'nbf-future', 'rs256-unknown-key', 'no-sub', 'garbage', 'empty-bearer', 'basic-scheme',
] as const;
export type BadTokenKind = (typeof BAD_TOKEN_KINDS)[number];

const service = new TokenService(TEST_JWT_SECRET);
const HOUR = 3600;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A valid secretariat's claims: a bad token claims the most powerful role, so accepting it shows. */
const SECRETARIAT = { sub: 'secretariat:hostile', name: 'Hostile', role: 'secretariat' };

/** The Authorization header of a good caller (undefined for the public), signed as the api expects. */
export function goodHeader(caller: GoodCaller): string | undefined {
  switch (caller.kind) {
    case 'public': return undefined;
    case 'secretariat': return `Bearer ${service.sign({ sub: 'secretariat:matrix', role: 'secretariat', name: 'Secretariat' })}`;
    case 'auditor': return `Bearer ${service.sign({ sub: 'auditor:matrix', role: 'auditor', name: 'Auditor' })}`;
    case 'participant':
      return `Bearer ${service.sign({ sub: `participant:${caller.group}`, role: 'participant', group: caller.group, org: caller.group.toUpperCase() })}`;
  }
}

/** The Authorization header of one kind of bad credential. */
export function badHeader(kind: BadTokenKind): string {
  const exp = nowSeconds() + HOUR;
  const hs256 = (claims: object, secret = TEST_JWT_SECRET): string => `Bearer ${jwt.sign(claims, secret, { algorithm: 'HS256' })}`;
  switch (kind) {
    case 'wrong-signature': return hs256({ ...SECRETARIAT, exp }, 'another-secret-another-secret-0123456789');
    case 'alg-none': return `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...SECRETARIAT, exp })}.`;
    case 'hs512': return `Bearer ${jwt.sign({ ...SECRETARIAT, exp }, TEST_JWT_SECRET, { algorithm: 'HS512' })}`;
    case 'expired': return hs256({ ...SECRETARIAT, iat: nowSeconds() - 2 * HOUR, exp: nowSeconds() - HOUR });
    case 'no-exp': return hs256({ ...SECRETARIAT });
    case 'unknown-role': return hs256({ sub: 'x', role: 'admin', exp });
    case 'participant-without-group': return hs256({ sub: 'p', role: 'participant', org: 'BRA', exp });
    case 'participant-unknown-group': return hs256({ sub: 'p', role: 'participant', group: 'everyone', exp });
    case 'nbf-future': return hs256({ ...SECRETARIAT, nbf: nowSeconds() + HOUR, exp: exp + HOUR });
    case 'rs256-unknown-key': return `Bearer ${jwt.sign({ ...SECRETARIAT, exp }, RSA_KEY, { algorithm: 'RS256' })}`;
    case 'no-sub': return hs256({ role: 'secretariat', exp });
    case 'garbage': return 'Bearer not-a-jwt-at-all';
    case 'empty-bearer': return 'Bearer ';
    case 'basic-scheme': return `Basic ${Buffer.from('secretariat:secret').toString('base64')}`;
  }
}

const RSA_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
