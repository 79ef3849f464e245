import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { KeyObject, createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Unauthorized } from './auth.errors';
import { Caller, PUBLIC_CALLER, TokenClaims } from './claims';

/** Issues and verifies HS256 tokens signed with CONSULT_JWT_SECRET. */
export class TokenService {
  /** Made once: given a string, jsonwebtoken builds (and first tries a public) key on every call. */
  private readonly key: KeyObject;
  /** A header's token signature and claims are checked once; its expiry on every use. */
  private readonly verified = new Map<string, { caller: Caller; exp?: number }>();

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  sign(claims: Omit<TokenClaims, never>, expiresIn: jwt.SignOptions['expiresIn'] = '12h'): string {
    const problems = validateSync(plainToInstance(TokenClaims, claims));
    if (problems.length > 0) {
      throw new Unauthorized(`invalid claims: ${problems.map((p) => `${p.property}: ${Object.values(p.constraints ?? {}).join(', ')}`).join('; ')}`);
    }
    const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
    return jwt.sign(payload, this.key, { algorithm: 'HS256', expiresIn });
  }

  /** The caller behind an Authorization header; no header means the public. */
  callerFrom(authorization: string | undefined): Caller {
    if (!authorization) return PUBLIC_CALLER;
    const known = this.verified.get(authorization);
    if (known && (known.exp === undefined || known.exp * 1000 > Date.now())) return known.caller;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new Unauthorized('Authorization header must be "Bearer <token>"');
    const token = match[1];
    let decoded: jwt.JwtPayload | string;
    try {
      decoded = jwt.verify(token, this.key, { algorithms: ['HS256'] });
    } catch (error) {
      const reason = error instanceof jwt.TokenExpiredError ? 'token expired' : 'token invalid';
      throw new Unauthorized(reason);
    }
    if (typeof decoded === 'string') throw new Unauthorized('token invalid: claims must be a JSON object');
    const claims = plainToInstance(TokenClaims, decoded);
    const problems = validateSync(claims);
    if (problems.length > 0) throw new Unauthorized(`token claims invalid: ${problems.map((p) => p.property).join(', ')}`);
    const caller: Caller = { kind: 'token', sub: claims.sub, name: claims.name, role: claims.role, group: claims.group, org: claims.org };
    this.remember(authorization, caller, decoded.exp);
    return caller;
  }

  /** Verified tokens, by the exact header they came in, until they expire (bounded; oldest forgotten first). */
  private remember(authorization: string, caller: Caller, exp: number | undefined): void {
    this.verified.set(authorization, { caller, exp });
    if (this.verified.size > 10_000) this.verified.delete(this.verified.keys().next().value!);
  }
}
