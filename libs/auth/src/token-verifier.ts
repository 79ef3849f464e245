import { Unauthorized } from './auth.errors';
import { Caller } from './claims';

/** Port: the caller behind an Authorization header. No header is the public; a present but bad one is `Unauthorized`. */
export abstract class TokenVerifier {
  abstract callerOf(authorization: string | undefined): Promise<Caller>;
}

/** The token of a `Bearer <token>` header; Unauthorized for any other shape. */
export function bearerToken(authorization: string): string {
  const match = /^Bearer +([A-Za-z0-9_=.-]+)$/i.exec(authorization.trim());
  if (!match) throw new Unauthorized('Authorization header must be "Bearer <token>"');
  return match[1];
}

/**
 * Tokens already verified, by the exact header they came in: a token's signature and claims are
 * checked once, its expiry on every use. Bounded (oldest forgotten first); `maxAgeMs` also bounds
 * how long a verification is trusted (e.g. until a provider's rotated-out key is noticed).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { caller: Caller; until: number }>();

  constructor(private readonly maxEntries = 10_000, private readonly maxAgeMs = Number.POSITIVE_INFINITY) {}

  /** The caller of a header verified before and still valid at `now` (ms). */
  get(authorization: string, now = Date.now()): Caller | undefined {
    const known = this.entries.get(authorization);
    if (known === undefined) return undefined;
    if (known.until > now) return known.caller;
    this.entries.delete(authorization);
    return undefined;
  }

  /** Remembers a verified header until its `exp` (Unix seconds) or `maxAgeMs` from `now`, whichever is first. */
  remember(authorization: string, caller: Caller, exp: number, now = Date.now()): void {
    this.entries.delete(authorization);
    this.entries.set(authorization, { caller, until: Math.min(exp * 1000, now + this.maxAgeMs) });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
