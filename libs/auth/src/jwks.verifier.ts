import { JWTPayload, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { TokenProviderUnavailable, Unauthorized } from './auth.errors';
import { Caller, PUBLIC_CALLER, callerFromClaims } from './claims';
import { TokenVerifier, VerifiedTokens, bearerToken } from './token-verifier';

/** Where an OpenID Connect provider publishes its keys, and what its tokens must say. */
export interface JwksOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Least time between two fetches of the key set when a token names an unknown `kid` (default 5 s). */
  cooldownMs?: number;
  clockToleranceSeconds?: number;
}

/** The only algorithms a provider's token may use; HS256 (a shared secret) is refused in this mode. */
export const JWKS_ALGORITHMS = ['RS256', 'ES256'];

/** Errors that say the provider (not the token) is at fault. */
const PROVIDER_ERRORS = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);

/**
 * Verifies RS256/ES256 tokens of an OpenID Connect provider against its JWKS: the key is picked by
 * `kid`, and an unknown `kid` refetches the set (key rotation), at most once per cooldown.
 */
export class JwksTokenVerifier extends TokenVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;
  /** A verification is trusted for a minute at most, so a key the provider withdrew stops working soon. */
  private readonly verified = new VerifiedTokens(10_000, 60_000);

  constructor(private readonly options: JwksOptions) {
    super();
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: options.cooldownMs ?? 5_000,
      timeoutDuration: 5_000,
    });
  }

  async callerOf(authorization: string | undefined): Promise<Caller> {
    if (authorization === undefined) return PUBLIC_CALLER;
    const known = this.verified.get(authorization);
    if (known) return known;
    const { caller, exp } = callerFromClaims(await this.verify(bearerToken(authorization)));
    this.verified.remember(authorization, caller, exp);
    return caller;
  }

  private async verify(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: JWKS_ALGORITHMS,
        issuer: this.options.issuer,
        audience: this.options.audience,
        requiredClaims: ['exp'],
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
      });
      return payload;
    } catch (error) {
      throw translate(error);
    }
  }
}

function translate(error: unknown): Error {
  if (!(error instanceof errors.JOSEError) || PROVIDER_ERRORS.has(error.code)) {
    return new TokenProviderUnavailable(`the token provider's key set could not be fetched: ${(error as Error).message}`);
  }
  if (error instanceof errors.JWTExpired) return new Unauthorized('token expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new Unauthorized(`token claim ${error.claim} invalid: ${error.reason}`);
  if (error instanceof errors.JOSEAlgNotAllowed) return new Unauthorized(`token algorithm not allowed (${JWKS_ALGORITHMS.join(' or ')} only)`);
  if (error instanceof errors.JWKSNoMatchingKey) return new Unauthorized('token key unknown to the provider');
  return new Unauthorized('token invalid');
}
