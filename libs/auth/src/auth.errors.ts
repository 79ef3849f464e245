import { DomainError } from '@consult/event-store';

/** A token is present but bad (401), or none was sent where one is needed. */
export class Unauthorized extends DomainError {
  readonly code = 'AUTH.UNAUTHORIZED';
}

/** The caller's role or group may not do this (403). */
export class Forbidden extends DomainError {
  readonly code = 'AUTH.FORBIDDEN';
}

/** The OpenID Connect provider's key set could not be fetched, so a token cannot be checked now (503). */
export class TokenProviderUnavailable extends DomainError {
  readonly code = 'AUTH.PROVIDER_UNAVAILABLE';
}
