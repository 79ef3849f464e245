import { DomainError } from '@consult/event-store';

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

/** The machine refuses the command's events in the current state. */
export class CommandNotAllowed extends DomainError {
  readonly code = 'CONSULTATION.COMMAND_NOT_ALLOWED';
  constructor(readonly state: string, readonly command: string, why?: string) {
    super(`command ${command} is not allowed in state ${state}${why ? `: ${why}` : ''}`, { state, command });
  }
}

/** The caller's expectedVersion is not the consultation's current version. */
export class VersionConflict extends DomainError {
  readonly code = 'CONSULTATION.CONFLICT';
  constructor(readonly expected: number, readonly actual: number) {
    super(`expectedVersion ${expected} is stale: the consultation is at version ${actual}`, { expected, actual });
  }
}

/** A contribution arrives when the consultation does not accept it. */
export class ContributionNotAccepted extends DomainError {
  readonly code = 'CONTRIBUTION.CONFLICT';
  constructor(readonly state: string, reason: string) {
    super(reason, { state });
  }
}
