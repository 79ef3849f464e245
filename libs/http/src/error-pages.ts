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

/**
 * Whether the client asks for HTML by name, as browsers do. A client that takes anything
 * (any media type, or no Accept header) gets the JSON error body the API promises everywhere.
 */
export function acceptsHtml(request: FastifyRequest): boolean {
  return request.headers.accept?.includes('text/html') ?? false;
}
