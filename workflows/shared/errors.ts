/**
 * Base of every typed error the engine throws; `code` is stable (`AREA.REASON`) and the
 * API's error-status table maps it to HTTP. It lives here, in the innermost layer, so
 * the workflows (which import no libs) and every lib share one base.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string, readonly details?: unknown) {
    super(message);
    this.name = new.target.name;
  }
}

/** A payload breaks a rule that needs no state (a meeting that ends before it starts): HTTP 400. */
export class InvalidCommand extends DomainError {
  readonly code = 'CONSULTATION.INVALID_COMMAND';
}

/** A command type the workflow does not have (looked up as an own key, never on the prototype): HTTP 400. */
export class UnknownCommand extends DomainError {
  readonly code = 'CONSULTATION.UNKNOWN_COMMAND';
  constructor(readonly command: string, workflow: string, known: string[]) {
    super(`unknown command ${command} for workflow ${workflow}`, [
      { field: 'type', constraints: { invalid: `must be one of ${known.join(', ')}` } },
    ]);
  }
}

/** The machine refuses the command's events in the current state: HTTP 409. */
export class CommandNotAllowed extends DomainError {
  readonly code = 'CONSULTATION.COMMAND_NOT_ALLOWED';
  constructor(readonly state: string, readonly command: string, why?: string) {
    super(`command ${command} is not allowed in state ${state}${why ? `: ${why}` : ''}`, { state, command });
  }
}

/** A stored event the workflow refuses during replay: the history and the rulebook disagree. */
export class EventRefused extends DomainError {
  readonly code = 'CONSULTATION.EVENT_REFUSED';
  constructor(readonly index: number, readonly type: string, readonly state: string) {
    super(`event #${index} (${type}) is not allowed in state ${state}`, { index, type, state });
  }
}

/** A workflow name or version this build does not know. */
export class UnknownWorkflow extends DomainError {
  readonly code = 'CONSULTATION.UNKNOWN_WORKFLOW';
  constructor(readonly workflow: string, readonly version?: number) {
    super(`unknown workflow ${workflow}${version === undefined ? '' : `@${version}`}`, { workflow, version });
  }
}
