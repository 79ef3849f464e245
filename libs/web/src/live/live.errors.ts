/** One field of a refused stream request and what is wrong with it. */
export interface LiveFieldProblem {
  field: string;
  constraints: Record<string, string>;
}

/** A stream request with a malformed `Last-Event-ID` or `consultationId`: 400, naming the field. */
export class InvalidStreamRequest extends Error {
  readonly code = 'LIVE.INVALID';
  readonly details: LiveFieldProblem[];

  constructor(field: string, problem: string) {
    super(`${field} ${problem}`);
    this.name = 'InvalidStreamRequest';
    this.details = [{ field, constraints: { invalid: problem } }];
  }
}

/** A client already holding as many streams as it may: 429 (the api maps the code). */
export class TooManyStreams extends Error {
  readonly code = 'LIVE.TOO_MANY_STREAMS';

  constructor(readonly limit: number) {
    super(`too many open event streams for this client (at most ${limit}); close one before opening another`);
    this.name = 'TooManyStreams';
  }
}
