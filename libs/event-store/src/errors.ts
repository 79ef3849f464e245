import { DomainError } from '@consult/workflows/shared';

/** The one error base lives with the workflows (the innermost layer); re-exported for the libs' imports. */
export { DomainError };

/** The stream's revision is not what the caller expected. */
export class WrongExpectedRevision extends DomainError {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expected: number | 'no-stream' | 'any',
    readonly actual: number | 'no-stream',
  ) {
    super(`stream ${stream}: expected revision ${expected}, actual ${actual}`);
  }
}

/** Some, but not all, of an append's event ids are already stored (or stored in another stream). */
export class IdempotencyConflict extends DomainError {
  readonly code = 'EVENT_STORE.IDEMPOTENCY_CONFLICT';
}
