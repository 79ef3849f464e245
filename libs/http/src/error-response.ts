import { STATUS_CODES } from 'node:http';
import { ValidationError } from 'class-validator';
import { ErrorStatusTable, errorStatusTable } from './error-status.table';
import { RequestValidationError } from './request-validation.error';

/** The body of every error response: `{statusCode, error, message, details?}`. */
export interface ErrorBody {
  statusCode: number;
  /** The HTTP reason phrase (`Conflict`). */
  error: string;
  message: string;
  /** Field problems for 400s; `{code, ...}` for errors that carry a stable code. */
  details?: unknown;
}

/** What the exception filter sends, and whether the error was unexpected (then it is logged). */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  unexpected: boolean;
}

interface HttpExceptionLike {
  getStatus(): number;
  getResponse(): string | Record<string, unknown>;
}

/** Maps anything thrown while handling a request to the response the client gets. */
export function toErrorResponse(error: unknown, table: ErrorStatusTable = errorStatusTable): ErrorResponse {
  if (isValidationErrorList(error)) error = new RequestValidationError(error);
  if (error instanceof RequestValidationError) return respond(400, error.message, error.details);
  if (isHttpException(error)) return fromHttpException(error);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const status = typeof code === 'string' ? table.statusFor(code) : undefined;
    if (status !== undefined) return respond(status, error.message, withCode(code as string, error));
    const clientStatus = (error as { statusCode?: unknown }).statusCode;
    // Framework errors about the request itself (bad JSON, wrong media type, body too large).
    if (typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
      return respond(clientStatus, error.message);
    }
  }
  return { ...respond(500, 'Internal server error'), unexpected: true };
}

function respond(status: number, message: string, details?: unknown): ErrorResponse {
  const body: ErrorBody = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
  if (details !== undefined) body.details = details;
  return { status, body, unexpected: status >= 500 };
}

function fromHttpException(exception: HttpExceptionLike): ErrorResponse {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return respond(status, response);
  const raw = response.message;
  // Nest's own ValidationPipe reports a list of messages.
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : (STATUS_CODES[status] ?? 'Error');
  const details = response.details ?? (Array.isArray(raw) ? raw : undefined);
  const mapped = respond(status, message, details);
  if (typeof response.error === 'string') mapped.body.error = response.error;
  return mapped;
}

function withCode(code: string, error: Error): Record<string, unknown> | unknown[] {
  const details = (error as { details?: unknown }).details;
  if (details === undefined) return { code };
  // Field problems stay a list, as for RequestValidationError.
  if (Array.isArray(details)) return details as never;
  if (isPlainObject(details)) return { code, ...details };
  return { code, info: details };
}

function isHttpException(error: unknown): error is HttpExceptionLike {
  const candidate = error as Partial<HttpExceptionLike> | null;
  return typeof candidate?.getStatus === 'function' && typeof candidate.getResponse === 'function';
}

function isValidationErrorList(error: unknown): error is ValidationError[] {
  return Array.isArray(error) && error.length > 0 && error.every((e) => e instanceof ValidationError);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
