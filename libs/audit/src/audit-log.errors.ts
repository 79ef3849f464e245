import { DomainError } from '@consult/event-store';

/** A proof or checkpoint request the log cannot answer as asked (a size it does not have): HTTP 400. */
export class AuditRequestInvalid extends DomainError {
  readonly code = 'AUDIT.REQUEST_INVALID';
  constructor(readonly field: string, problem: string) {
    super(`${field} ${problem}`, [{ field, constraints: { range: `${field} ${problem}` } }]);
  }
}

/** No such consultation, or no event at that revision: HTTP 404. */
export class AuditEventNotFound extends DomainError {
  readonly code = 'AUDIT.EVENT_NOT_FOUND';
}
