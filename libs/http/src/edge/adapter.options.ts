import type { FastifyError, FastifyReply, FastifyServerOptions } from 'fastify';
import { toErrorResponse } from '../error-response';
import { clientErrorHandler } from './client-errors';

/** The largest body accepted (Fastify's default, stated here so that it is visible): 1 MiB, else 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Sent with the router's own refusals, which no header hook sees: they echo the URL. */
const REFUSAL_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

/**
 * Options for `new FastifyAdapter(...)`. The router refuses a malformed URL (400) or an
 * over-long path parameter (414) before any hook or error handler of the app runs; those
 * answers are given the standard error body here instead of Fastify's own (which adds `code`).
 * A request Node's HTTP parser refuses (a raw non-ASCII URL, a bad Content-Length) gets the
 * standard body too, saying what was wrong (`clientErrorHandler`).
 */
export function edgeAdapterOptions(settings: { trustProxy?: string } = {}): FastifyServerOptions {
  return {
    bodyLimit: BODY_LIMIT_BYTES,
    ...(settings.trustProxy !== undefined && { trustProxy: trustProxyOption(settings.trustProxy) }),
    clientErrorHandler,
    frameworkErrors: (error: FastifyError, _request: unknown, reply: FastifyReply) => {
      const { status, body } = toErrorResponse(error);
      void reply.code(status).headers(REFUSAL_HEADERS).send(body);
    },
  } as FastifyServerOptions;
}

/**
 * `CONSULT_TRUST_PROXY` as Fastify takes it: `true` trusts every proxy, a number that many hops,
 * anything else a comma-separated list of addresses or CIDR ranges. Behind a reverse proxy it
 * makes the client's address (X-Forwarded-For) the rate limit's key instead of the proxy's.
 */
export function trustProxyOption(value: string): boolean | number | string[] {
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((part) => part.trim()).filter(Boolean);
}
