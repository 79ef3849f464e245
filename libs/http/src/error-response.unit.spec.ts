import 'reflect-metadata';
import { IsInt, IsString, ValidateNested, validateSync } from 'class-validator';
import { Type, plainToInstance } from 'class-transformer';
import { IdempotencyConflict, WrongExpectedRevision } from '@consult/event-store';
import { toErrorResponse } from './error-response';
import { ErrorStatusTable } from './error-status.table';
import { RequestValidationError } from './request-validation.error';

/** Shaped like Nest's HttpException (Nest 12 is ESM-only, which Jest cannot load here). */
class FakeHttpException extends Error {
  constructor(
    private readonly response: string | Record<string, unknown>,
    private readonly status: number,
  ) {
    super(typeof response === 'string' ? response : String(response.message));
  }
  getStatus() {
    return this.status;
  }
  getResponse() {
    return this.response;
  }
}

class CodedError extends Error {
  constructor(
    readonly code: string,
    message = 'boom',
    readonly details?: unknown,
  ) {
    super(message);
  }
}

class Title {
  @IsString() en: string;
}
class LaunchBody {
  @IsString() workflow: string;
  @IsInt() count: number;
  @ValidateNested() @Type(() => Title) title: Title;
}

describe('toErrorResponse', () => {
  it('maps class-validator failures to 400 with one detail per field, nested paths dotted', () => {
    const errors = validateSync(plainToInstance(LaunchBody, { workflow: 1, count: 2, title: { en: 3 } }));
    const { status, body } = toErrorResponse(new RequestValidationError(errors));
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(body.message).toMatch(/workflow must be a string/);
    expect(body.details).toEqual([
      { field: 'workflow', constraints: { isString: 'workflow must be a string' } },
      { field: 'title.en', constraints: { isString: 'en must be a string' } },
    ]);
  });

  it('accepts a raw list of class-validator errors too', () => {
    const errors = validateSync(plainToInstance(LaunchBody, { workflow: 'w', count: 'x', title: { en: 'a' } }));
    expect(toErrorResponse(errors).body.details).toEqual([
      { field: 'count', constraints: { isInt: 'count must be an integer number' } },
    ]);
  });

  it('maps a stale expected revision to 409 and keeps its code', () => {
    const { status, body } = toErrorResponse(new WrongExpectedRevision('consultation-1', 3, 4));
    expect(status).toBe(409);
    expect(body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'stream consultation-1: expected revision 3, actual 4',
      details: { code: 'EVENT_STORE.WRONG_EXPECTED_REVISION' },
    });
  });

  it('maps an idempotency conflict to 409', () => {
    expect(toErrorResponse(new IdempotencyConflict('ids reused', { ids: ['a'] })).body).toMatchObject({
      statusCode: 409,
      details: { code: 'EVENT_STORE.IDEMPOTENCY_CONFLICT', ids: ['a'] },
    });
  });

  it.each([
    ['CONSULTATION.NOT_FOUND', 404],
    ['CONSULTATION.DRAFT_NOT_FOUND', 404],
    ['AUTH.FORBIDDEN', 403],
    ['AUTH.UNAUTHORIZED', 401],
    ['CONSULTATION.COMMAND_NOT_ALLOWED', 409],
    ['CONTRIBUTION.CONFLICT', 409],
    ['CONSULTATION.PAYLOAD_INVALID', 400],
  ])('maps the code %s to %i by its reason', (code, status) => {
    expect(toErrorResponse(new CodedError(code)).status).toBe(status);
  });

  it('lets a table be extended with exact codes, which win over suffix rules', () => {
    const table = new ErrorStatusTable({}, { NOT_FOUND: 404 }).register({ 'CLOCK.NOT_FOUND': 410 });
    expect(toErrorResponse(new CodedError('CLOCK.NOT_FOUND'), table).status).toBe(410);
    expect(toErrorResponse(new CodedError('OTHER.NOT_FOUND'), table).status).toBe(404);
  });

  it('passes HTTP exceptions through in the error shape', () => {
    const { status, body } = toErrorResponse(
      new FakeHttpException({ statusCode: 404, message: 'Cannot GET /nope', error: 'Not Found' }, 404),
    );
    expect(status).toBe(404);
    expect(body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /nope' });
  });

  it('passes string HTTP exceptions through', () => {
    expect(toErrorResponse(new FakeHttpException('no token', 401)).body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'no token',
    });
  });

  it('keeps a list of messages from an HTTP exception as details', () => {
    const { body } = toErrorResponse(new FakeHttpException({ message: ['a is bad', 'b is bad'] }, 400));
    expect(body).toMatchObject({ message: 'a is bad; b is bad', details: ['a is bad', 'b is bad'] });
  });

  it('keeps framework 4xx errors such as unparsable JSON', () => {
    const error = Object.assign(new Error('Body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON' });
    expect(toErrorResponse(error).body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Body is not valid JSON' });
  });

  it('hides unknown errors behind a 500 and flags them to be logged', () => {
    const { status, body, unexpected } = toErrorResponse(new TypeError('x is undefined'));
    expect(status).toBe(500);
    expect(unexpected).toBe(true);
    expect(body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
  });

  it('treats an unmapped code as unexpected', () => {
    expect(toErrorResponse(new CodedError('SOMETHING.ODD')).status).toBe(500);
  });

  it('treats thrown non-errors as unexpected', () => {
    expect(toErrorResponse('a string').status).toBe(500);
  });
});
