import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger, Optional } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isApiPath } from './edge/harden-http';
import { ErrorPages, acceptsHtml } from './error-pages';
import { toErrorResponse, type ErrorResponse } from './error-response';

/**
 * Sends every error as `{statusCode, error, message, details?}`; logs the unexpected ones.
 * Outside `/api`, a client error goes as a page when the app has `ErrorPages` and the client reads HTML.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(@Optional() @Inject(ErrorPages) private readonly pages?: ErrorPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body, unexpected } = toErrorResponse(exception);
    if (unexpected) {
      const stack = exception instanceof Error ? exception.stack : String(exception);
      this.logger.error(`${request.method} ${request.url} failed: ${describeError(exception)}`, stack);
    }
    const page = this.pageFor(request, { status, body, unexpected });
    if (page !== null) {
      void reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
      return;
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private pageFor(request: FastifyRequest, response: ErrorResponse): string | null {
    if (!this.pages || response.status >= 500 || !acceptsHtml(request)) return null;
    if (isApiPath(request.url.split('?', 1)[0])) return null;
    return this.pages.render(request, response);
  }
}

function describeError(exception: unknown): string {
  if (!(exception instanceof Error)) return String(exception);
  const code = (exception as { code?: unknown }).code;
  return typeof code === 'string' ? `${exception.message} [${code}: no HTTP status mapped]` : exception.message;
}
