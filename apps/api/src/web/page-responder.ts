import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@consult/event-store';
import {
  LABELS, type Language, PageInputError, type PageRenderer, chooseLanguage, fill, intlLocaleOf, isLanguage, languageCookie, pageShell,
} from '@consult/web';

/** A refusal as the reader sees it: the page's heading and sentence. */
export interface Refusal {
  status: 400 | 404;
  heading: string;
  message: string;
}

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
  send(request: FastifyRequest, reply: FastifyReply, template: string, model: object, status = 200, html?: string): FastifyReply {
    const requested = (request.query as Record<string, unknown>).lang;
    if (isLanguage(requested)) reply.header('set-cookie', languageCookie(requested));
    return reply.status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('vary', 'Accept-Language, Cookie')
      .send(html ?? this.renderer.render(template, model));
  }

  /** An error page for the errors a page expects; anything else goes on to the exception filter. */
  fail(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
    const lang = this.language(request);
    if (error instanceof PageInputError) return this.refuse(request, reply, this.badField(lang, error.field, error.reason, error.params));
    if (error instanceof DomainError && error.code === 'CONSULTATION.NOT_FOUND') {
      return this.refuse(request, reply, { status: 404, heading: LABELS[lang].notFoundTitle, message: LABELS[lang].notFound });
    }
    throw error;
  }

  /** The whole error page for `refusal`, as `fail` sends it (the exception filter asks for it too). */
  errorPage(request: FastifyRequest, refusal: Refusal): string {
    const lang = this.language(request);
    const shell = pageShell(lang, this.now(), refusal.heading, '/', {});
    return this.renderer.render('error', { ...shell, heading: refusal.heading, message: refusal.message });
  }

  /** A 400 naming `field`, its reason in the reader's language (numbers in the language's digits). */
  badField(lang: Language, field: string, reason: string, params: Readonly<Record<string, string | number>> = {}, fallback = reason): Refusal {
    const labels = LABELS[lang];
    const numbers = new Intl.NumberFormat(intlLocaleOf(lang), { useGrouping: false });
    const values = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'number' ? numbers.format(value) : value]));
    const message = fill(labels.inputReasons[reason] ?? fallback, values);
    return { status: 400, heading: labels.badRequestTitle, message: fill(labels.badField, { field, message }) };
  }

  private refuse(request: FastifyRequest, reply: FastifyReply, refusal: Refusal): FastifyReply {
    return this.send(request, reply, 'error', {}, refusal.status, this.errorPage(request, refusal));
  }
}
