import fastifyCompress from '@fastify/compress';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest, RouteOptions } from 'fastify';
import { OPEN_API_PATH } from '../open-api';
import { acceptOnlyStrictBodies } from './body-parsers';
import { corsOptions } from './cors.options';
import { assertPlainQueryNames, assertSafeValues } from './query-shape';
import { rateLimitOptions } from './rate-limit.options';
import { DASHBOARD_CSP, DOCS_CSP, helmetOptions } from './security-headers';

/** The settings the edge reads (`AppConfig` has them). */
export interface EdgeSettings {
  /** `*` or a comma-separated list of origins; CORS is closed when unset. */
  corsOrigins?: string;
  /** Requests a minute per token or IP address on `/api` paths. */
  rateLimit: number;
}

/** Swagger UI's page; its assets live under it. */
const DOCS_PAGE = `/${OPEN_API_PATH}`;
/** The live event stream: never compressed (a compressor buffers what must go at once). */
export const EVENT_STREAM_PATH = '/api/events/stream';
/** Paths that answer monitoring, never throttled. */
const UNTHROTTLED = new Set(['/health', '/metrics']);

/**
 * Hardens the HTTP edge of a Nest app on Fastify, before its routes are registered: strict
 * JSON bodies (the only media type accepted, but for the one-click unsubscribe form), query
 * and path checks, security headers, rate limit and CORS. The app must be created with `bodyParser: false`, as the edge
 * installs its own parser (Fastify refuses a second one for application/json at start-up).
 */
export async function hardenHttp(app: NestFastifyApplication, settings: EdgeSettings): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Added before the plugins, so that their own onRoute hooks see the per-route settings.
  fastify.addHook('onRoute', configureRoute);
  acceptOnlyStrictBodies(fastify);
  // Headers first, so that the refusals below carry them too.
  await app.register(fastifyHelmet, helmetOptions(DASHBOARD_CSP));
  fastify.addHook('onRequest', (request, _reply, done) => {
    try {
      checkPathAndQuery(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  await app.register(fastifyRateLimit, rateLimitOptions(settings.rateLimit));
  // Pages and JSON go compressed when the client asks (brotli or gzip), from 1 KB up.
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  const cors = corsOptions(settings.corsOrigins);
  if (cors) app.enableCors(cors);
}

/** `/api` and everything under it. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * Per route: Swagger UI's page and assets get their own policy (read by @fastify/helmet from
 * the route's config), and only `/api` routes are throttled, monitoring excepted.
 */
function configureRoute(route: RouteOptions): void {
  const path = route.url;
  const config: Record<string, unknown> = { ...(route.config as object | undefined) };
  if (path === DOCS_PAGE || path.startsWith(`${DOCS_PAGE}/`)) config.helmet = helmetOptions(DOCS_CSP);
  if (!isApiPath(path) || UNTHROTTLED.has(path)) config.rateLimit = false;
  route.config = config as RouteOptions['config'];
  if (path === EVENT_STREAM_PATH) (route as RouteOptions & { compress?: false }).compress = false;
}

/** Path values (routing has decoded them) and query values must be text a store can keep. */
function checkPathAndQuery(request: FastifyRequest): void {
  assertSafeValues(request.params as Record<string, string>, 'path');
  const query = request.query as Record<string, string | string[]>;
  assertSafeValues(query, 'query');
  const path = request.routeOptions.url ?? request.url.split('?', 1)[0];
  if (isApiPath(path)) assertPlainQueryNames(query);
}
