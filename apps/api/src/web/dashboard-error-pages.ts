import type { FastifyRequest } from 'fastify';
import { ErrorPages, type ErrorResponse } from '@consult/http';
import { LABELS } from '@consult/web';
import { PageResponder } from './page-responder';

/** A field the edge refused, as `toErrorResponse` details it. */
interface FieldProblem {
  field: string;
  constraints?: Record<string, string>;
}

/**
 * Refusals outside `/api` as whole pages in the reader's language: a 400 the edge gave before a
 * page's controller ran (a NUL in the query, a repeated name) names its field as the pages' own
 * 400s do, and a path that is no page gets a 404 page. Other statuses keep their JSON body.
 */
export class DashboardErrorPages extends ErrorPages {
  constructor(private readonly pages: PageResponder) {
    super();
  }

  render(request: FastifyRequest, { status, body }: ErrorResponse): string | null {
    const lang = this.pages.language(request);
    if (status === 404) return this.pages.errorPage(request, { status, heading: LABELS[lang].notFoundTitle, message: LABELS[lang].noSuchPage });
    if (status !== 400) return null;
    const [problem] = Array.isArray(body.details) ? (body.details as FieldProblem[]) : [];
    if (!problem || typeof problem.field !== 'string') return null;
    const [reason, english] = Object.entries(problem.constraints ?? {})[0] ?? ['', body.message];
    return this.pages.errorPage(request, this.pages.badField(lang, problem.field, reason, {}, english));
  }
}
