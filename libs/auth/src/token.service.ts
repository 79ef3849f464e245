import { KeyObject, createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Unauthorized } from './auth.errors';
import { Caller, PUBLIC_CALLER, TokenClaims, callerFromClaims, claimProblems } from './claims';
import { TokenVerifier, VerifiedTokens, bearerToken } from './token-verifier';

/** Issues and verifies HS256 tokens signed with CONSULT_JWT_SECRET (no other algorithm; `exp` required). */
export class TokenService extends TokenVerifier {
  /** Made once: given a string, jsonwebtoken builds (and first tries a public) key on every call. */
  private readonly key: KeyObject;
  private readonly verified = new VerifiedTokens();

  constructor(secret: string) {
    super();
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** A token for `claims`, valid for `expiresIn` (seconds, or a span such as `"12h"`). */
  sign(claims: TokenClaims, expiresIn: jwt.SignOptions['expiresIn'] = '12h'): string {
    const problems = claimProblems(claims);
    if (problems) throw new Unauthorized(`invalid claims: ${problems}`);
    const payload = Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined));
    return jwt.sign(payload, this.key, { algorithm: 'HS256', expiresIn });
  }

  async callerOf(authorization: string | undefined): Promise<Caller> {
    return this.callerFrom(authorization);
  }

  /** The caller behind an Authorization header, synchronously; no header means the public. */
  callerFrom(authorization: string | undefined): Caller {
    if (authorization === undefined) return PUBLIC_CALLER;
    const known = this.verified.get(authorization);
    if (known) return known;
    const { caller, exp } = callerFromClaims(this.verify(bearerToken(authorization)));
    this.verified.remember(authorization, caller, exp);
    return caller;
  }

  private verify(token: string): unknown {
    try {
      return jwt.verify(token, this.key, { algorithms: ['HS256'] });
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw new Unauthorized('token expired');
      if (error instanceof jwt.NotBeforeError) throw new Unauthorized('token not valid yet (nbf)');
      if (error instanceof jwt.JsonWebTokenError && /algorithm/.test(error.message)) throw new Unauthorized('token algorithm not allowed (HS256 only)');
      throw new Unauthorized('token invalid');
    }
  }
}
