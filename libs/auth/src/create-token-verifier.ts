import { JwksTokenVerifier } from './jwks.verifier';
import { TokenService } from './token.service';
import { TokenVerifier } from './token-verifier';

/** The token settings of the configuration (CONSULT_JWT_*). */
export interface TokenSettings {
  jwtSecret: string;
  jwtJwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
}

/** An OpenID Connect verifier when a JWKS URL is configured, else HS256 with the shared secret. */
export function createTokenVerifier(settings: TokenSettings): TokenVerifier {
  if (settings.jwtJwksUrl === undefined) return new TokenService(settings.jwtSecret);
  if (!settings.jwtIssuer || !settings.jwtAudience) throw new Error('CONSULT_JWT_ISSUER and CONSULT_JWT_AUDIENCE are required with CONSULT_JWT_JWKS_URL');
  return new JwksTokenVerifier({ jwksUrl: settings.jwtJwksUrl, issuer: settings.jwtIssuer, audience: settings.jwtAudience });
}
