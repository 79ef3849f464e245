import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from '../error-response';

/**
 * What Node's HTTP parser found wrong, by its error code, said to the client. These requests
 * never reach the app (no route, hook or filter sees them), so Fastify would answer them all
 * "Client Error"; the client is told which part of the request is at fault instead.
 */
const PARSER_ERRORS: Record<string, { message: string; field?: string }> = {
  HPE_INVALID_METHOD: { message: 'the request method is not an HTTP method', field: 'method' },
  HPE_INVALID_URL: { message: 'the request target is not a valid URL: characters outside printable ASCII must be percent-encoded (UTF-8)', field: 'url' },
  HPE_INVALID_CONSTANT: { message: 'the request line is not HTTP/1.x: expected "METHOD /path HTTP/1.1"', field: 'request line' },
  HPE_INVALID_VERSION: { message: 'the HTTP version of the request line is not valid', field: 'request line' },
  HPE_INVALID_HEADER_TOKEN: { message: 'a header name or value holds a character HTTP does not allow in headers', field: 'headers' },
  HPE_INVALID_CONTENT_LENGTH: { message: 'the Content-Length header is not a single whole number', field: 'Content-Length' },
  HPE_UNEXPECTED_CONTENT_LENGTH: { message: 'Content-Length and Transfer-Encoding: chunked cannot both be sent', field: 'Content-Length' },
  HPE_INVALID_TRANSFER_ENCODING: { message: 'the Transfer-Encoding header is not valid here: chunked must come last, and Content-Length cannot be sent beside it', field: 'Transfer-Encoding' },
  HPE_INVALID_CHUNK_SIZE: { message: 'a chunk of the body does not start with a valid hexadecimal size', field: 'body' },
  HPE_LF_EXPECTED: { message: 'a line of the request does not end with CRLF', field: 'request line' },
  HPE_CR_EXPECTED: { message: 'a line of the request does not end with CRLF', field: 'request line' },
};

/** The status, and the standard error body, for a request Node's parser (or its timers) refused. */
export function clientErrorBody(code: string | undefined): ErrorBody {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return body(408, 'the request was not received in time');
  if (code === 'HPE_HEADER_OVERFLOW') return body(431, 'the request headers are larger than the server accepts (16 KiB)', 'headers');
  const known = code ? PARSER_ERRORS[code] : undefined;
  return known ? body(400, known.message, known.field) : body(400, 'the request is not valid HTTP/1.1');
}

function body(status: number, message: string, field?: string): ErrorBody {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, ...(field && { details: [{ field, message }] }) };
}

/**
 * Fastify's `clientErrorHandler`: as its default (nothing written to a socket already gone, the
 * socket destroyed after), with the body saying what was wrong.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = clientErrorBody(error.code);
  const text = JSON.stringify(answer);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${answer.statusCode} ${answer.error}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n`
      + `Content-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${text}`);
  }
  socket.destroy(error);
}
