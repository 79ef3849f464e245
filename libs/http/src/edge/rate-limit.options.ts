import { createHash } from 'node:crypto';
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';

/** The window `CONSULT_RATE_LIMIT` counts requests in. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Counts requests per caller: a token holder by a hash of the `Authorization` value (the
 * token itself is not kept in memory), anyone else by IP address. A token counts as such
 * only once the auth hook (an app-wide onRequest hook, so before this route-level one) has
 * verified it: otherwise a client could dodge the per-IP limit by sending a new made-up token
 * with every request. A refused token is answered only after this count (preParsing).
 */
export function rateLimitOptions(max: number): RateLimitPluginOptions {
  return { global: true, max, timeWindow: RATE_LIMIT_WINDOW_MS, keyGenerator: rateLimitKey };
}

/** What the auth hook leaves on a request: `kind: 'token'` for a verified token. */
interface WithCaller {
  caller?: { kind?: string } | null;
}

/** `token:<sha256>` for a request with a verified token, `ip:<address>` otherwise. */
export function rateLimitKey(request: Pick<FastifyRequest, 'headers' | 'ip'> & WithCaller): string {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && request.caller?.kind === 'token') {
    return `token:${createHash('sha256').update(authorization).digest('base64url')}`;
  }
  return `ip:${request.ip}`;
}
