import { DomainError } from '@consult/workflows/shared';

/** Decided in `handle()` (workflows); re-exported where the libs have always found it. */
export { CommandNotAllowed, UnknownCommand } from '@consult/workflows/shared';

/** A field-level problem in a request body: its dotted path and failed constraints (name → message). */
export interface FieldProblem {
  field: string;
  constraints: Record<string, string>;
}

export class InvalidInput extends DomainError {
  readonly code = 'CONSULTATION.INVALID';
  constructor(message: string, readonly fields: FieldProblem[] = []) {
    super(message, fields.length > 0 ? fields : undefined);
  }
}

export class ConsultationNotFound extends DomainError {
  readonly code = 'CONSULTATION.NOT_FOUND';
  constructor(id: string) {
    super(`consultation ${id} not found`);
  }
}

/** The caller pinned `expectedVersion` and the consultation is at another version. */
export class VersionConflict extends DomainError {
  readonly code = 'CONSULTATION.CONFLICT';
  constructor(readonly expected: number, readonly actual: number) {
    super(`expectedVersion ${expected} is stale: the consultation is at version ${actual}`, { expected, actual });
  }
}

/** Without a pinned version, other writers kept moving the consultation for every retry the policy allows. */
export class ConcurrentUpdates extends DomainError {
  readonly code = 'CONSULTATION.CONCURRENCY_CONFLICT';
  constructor(readonly id: string, readonly attempts: number) {
    super(`consultation ${id} changed under each of ${attempts} attempts; send the command again`, { attempts });
  }
}

/** An Idempotency-Key sent again with a different request body: HTTP 422. */
export class IdempotencyKeyReused extends DomainError {
  readonly code = 'CONSULTATION.IDEMPOTENCY_KEY_REUSED';
  constructor(readonly key: string) {
    super(`Idempotency-Key ${key} was already used with a different request body`, { key });
  }
}

/** A contribution arrives when the consultation does not accept it. */
export class ContributionNotAccepted extends DomainError {
  readonly code = 'CONTRIBUTION.CONFLICT';
  constructor(readonly state: string, reason: string) {
    super(reason, { state });
  }
}
