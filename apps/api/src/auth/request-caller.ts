import type { FastifyRequest } from 'fastify';
import { Caller, PUBLIC_CALLER, Unauthorized } from '@consult/auth';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller the auth hook verified; null until it ran. */
    caller: Caller | null;
  }
}

/**
 * The caller the auth hook put on the request. Without the hook a token cannot have been
 * verified, so a request that carries one is refused rather than read as the public.
 */
export function requestCaller(request: FastifyRequest): Caller {
  if (request.caller) return request.caller;
  if (request.headers.authorization === undefined) return PUBLIC_CALLER;
  throw new Unauthorized('token not verified');
}

/**
 * Whether a present but bad token is refused (401) on this path: every `/api` path, public reads
 * and the OpenAPI documents included (DESIGN.md: "401 on every /api path"). Elsewhere (`/health`,
 * `/metrics`, dashboard pages) a bad token is read as the public. Decided on the route matched,
 * so an encoded path cannot dodge it.
 */
export function tokenCheckedStrictly(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? request.url.split('?')[0];
  return path === '/api' || path.startsWith('/api/');
}
