import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@consult/event-store';
import { LABELS, type Language, PageInputError, type PageRenderer, chooseLanguage, fill, isLanguage, languageCookie, pageShell } from '@consult/web';

/**
 * Sends the dashboard's HTML: the language chosen (and remembered when asked for by
 * `?lang=`), the headers every page carries, and the error pages (400 naming the field,
 * 404 for an unknown consultation) in the reader's language.
 */
export class PageResponder {
  constructor(private readonly renderer: PageRenderer, private readonly now: () => Date) {}

  /** The reader's language for this request. */
  language(request: FastifyRequest): Language {
    const query = request.query as Record<string, unknown>;
    return chooseLanguage(query.lang, request.headers.cookie, request.headers['accept-language']);
  }

  /** The template rendered with `model`, as a page or a fragment. */
  send(request: FastifyRequest, reply: FastifyReply, template: string, model: object, status = 200): FastifyReply {
    const requested = (request.query as Record<string, unknown>).lang;
    if (isLanguage(requested)) reply.header('set-cookie', languageCookie(requested));
    return reply.status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'Accept-Language, Cookie')
      .send(this.renderer.render(template, model));
  }

  /** An error page for the errors a page expects; anything else goes on to the exception filter. */
  fail(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
    const lang = this.language(request);
    const labels = LABELS[lang];
    const shell = (title: string) => pageShell(lang, this.now(), title, '/', {});
    if (error instanceof PageInputError) {
      const message = fill(labels.badField, { field: error.field, message: error.reason });
      return this.send(request, reply, 'error', { ...shell(labels.badRequestTitle), heading: labels.badRequestTitle, message }, 400);
    }
    if (error instanceof DomainError && error.code === 'CONSULTATION.NOT_FOUND') {
      return this.send(request, reply, 'error', { ...shell(labels.notFoundTitle), heading: labels.notFoundTitle, message: labels.notFound }, 404);
    }
    throw error;
  }
}
