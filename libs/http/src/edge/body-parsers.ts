import { errorCodes, type FastifyInstance } from 'fastify';
import { acceptsFormBody, parseFormBody } from './form-body';
import { parseJsonBody } from './json-body';

/** Methods whose empty JSON body is a mistake; others (DELETE) may send the header alone. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const FORM = 'application/x-www-form-urlencoded';

/**
 * Replaces Fastify's body parsers: strict JSON everywhere, and a tiny form only where RFC 8058
 * one-click unsubscribe posts one. Any other media type, or a form elsewhere, answers 415.
 */
export function acceptOnlyStrictBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.length === 0 && !BODY_METHODS.has(request.method)) return done(null, undefined);
    try {
      done(null, parseJsonBody(bytes));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser(FORM, { parseAs: 'buffer' }, (request, body, done) => {
    if (!acceptsFormBody(request.method, request.url)) return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(FORM), undefined);
    try {
      done(null, parseFormBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
