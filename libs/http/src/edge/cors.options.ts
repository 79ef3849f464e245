import type { FastifyCorsOptions } from '@fastify/cors';

/**
 * CORS for the origins of `CONSULT_CORS_ORIGINS` (`*` for any), or undefined: closed, no
 * CORS header at all, which browsers read as "same origin only". No credentials: the API
 * authenticates with a bearer token, never a cookie.
 */
export function corsOptions(origins: string | undefined): FastifyCorsOptions | undefined {
  const list = (origins ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  if (list.length === 0) return undefined;
  return {
    origin: list.includes('*') ? '*' : list,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    exposedHeaders: ['Retry-After', 'X-Read-Model-Stale', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    maxAge: 600,
  };
}
