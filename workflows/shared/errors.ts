/**
 * Workflow code imports nothing from libs/ (STYLE rule 2), so its errors carry their own
 * stable `code`; the API's exception filter maps any error with a `code` the same way.
 */
export abstract class WorkflowError extends Error {
  abstract readonly code: string;
  constructor(message: string, readonly details?: unknown) {
    super(message);
    this.name = new.target.name;
  }
}

/** A payload breaks a rule that needs no state (a meeting that ends before it starts): HTTP 400. */
export class InvalidCommand extends WorkflowError {
  readonly code = 'CONSULTATION.INVALID_COMMAND';
}

/** A stored event the workflow refuses during replay: the history and the rulebook disagree. */
export class EventRefused extends WorkflowError {
  readonly code = 'CONSULTATION.EVENT_REFUSED';
  constructor(readonly index: number, readonly type: string, readonly state: string) {
    super(`event #${index} (${type}) is not allowed in state ${state}`, { index, type, state });
  }
}

/** A workflow name or version this build does not know. */
export class UnknownWorkflow extends WorkflowError {
  readonly code = 'CONSULTATION.UNKNOWN_WORKFLOW';
  constructor(readonly workflow: string, readonly version?: number) {
    super(`unknown workflow ${workflow}${version === undefined ? '' : `@${version}`}`, { workflow, version });
  }
}
