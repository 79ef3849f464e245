import { DomainError } from '@consult/event-store';

export class Unauthorized extends DomainError {
  readonly code = 'AUTH.UNAUTHORIZED';
}

export class Forbidden extends DomainError {
  readonly code = 'AUTH.FORBIDDEN';
}
