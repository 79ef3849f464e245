import type { FastifyRequest } from 'fastify';
import type { ErrorResponse } from './error-response';

/**
 * Error pages for people: outside `/api`, where a browser reads the answer, an app may render a
 * refusal as a whole page in the reader's language (the dashboard does). `render` answers the
 * page's HTML, or null to leave the JSON body as it is.
 */
export abstract class ErrorPages {
  abstract render(request: FastifyRequest, response: ErrorResponse): string | null;
}

/** Whether the client reads HTML: it asks for it, or takes anything. */
export function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return accept === undefined || accept.includes('text/html') || accept.includes('*/*');
}
