import type { LookupFunction } from 'node:net';
import { Pool } from 'undici';
import type { ResolvedAddress, VettedTarget } from './webhook-target';

/** What a receiver answered: the status, and its `Retry-After` if it gave one. */
export interface WebhookResponse {
  status: number;
  retryAfter?: string;
}

/** The receiver did not answer within the time allowed. */
export class WebhookTimedOut extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`);
    this.name = 'WebhookTimedOut';
  }
}

/** Receivers' answers are drained (so the connection is kept) up to this size; a longer one is cut off (its connection closed). */
const MAX_DRAINED_BYTES = 64 * 1024;
/** Connections kept to one receiver, at most (the dispatcher sends 16 at a time). */
const CONNECTIONS_PER_RECEIVER = 16;
/** An idle kept connection is closed after this. */
const KEEP_ALIVE_MS = 30_000;
/** Receivers kept connections to, at most (the oldest is let go first). */
const MAX_POOLS = 500;
const pools = new Map<string, Pool>();

/** What every request to one vetted target shares: its connection pool (pinned to the vetted addresses) and its path. */
interface TargetRoute {
  pool: Pool;
  path: string;
  timeoutMs: number;
}

/** Routes of the targets in use: a vetted target is kept (and reused) by the channel while its verdict holds. */
const routes = new WeakMap<VettedTarget, TargetRoute>();

function routeOf(target: VettedTarget, timeoutMs: number): TargetRoute {
  let route = routes.get(target);
  if (!route || route.timeoutMs !== timeoutMs) {
    route = { pool: poolFor(target, timeoutMs), path: `${target.url.pathname}${target.url.search}`, timeoutMs };
    routes.set(target, route);
  }
  return route;
}

/**
 * Kept-alive connections per receiver, vetted addresses and time allowed (undici's pool: about
 * two thirds of node:http's CPU a request, docs/benchmarks.md, deliveries, session 10). A
 * connection is made only to the addresses the guard approved (the pool's lookup answers with
 * them), and reused only for them: a new vetting with other addresses gets another pool.
 */
function poolFor({ url, addresses }: VettedTarget, timeoutMs: number): Pool {
  const key = `${timeoutMs}|${url.origin}|${addresses?.map((a) => a.address).join(',') ?? ''}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new Pool(url.origin, {
      connections: CONNECTIONS_PER_RECEIVER,
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      // The receiver has the time allowed for each step: to accept the connection, to send the status line, and between parts of its answer.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: timeoutMs, ...(addresses ? { lookup: pinnedLookup(addresses) } : {}) },
    });
    pools.set(key, pool);
    if (pools.size > MAX_POOLS) {
      const [oldest, old] = pools.entries().next().value as [string, Pool];
      pools.delete(oldest);
      void old.close().catch(() => undefined);
    }
  }
  return pool;
}

/** undici's errors for a step that took longer than allowed. */
const TIMED_OUT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

/**
 * POSTs `body` once, with `headers` (a raw list: name, value, ...) and the content's, and settles
 * on the response's status line: redirects are not followed (a 3xx is an answer like any other),
 * the response body is drained, not read (a long one is cut off, its connection closed). The
 * receiver has `timeoutMs` to accept the connection, then as long again to answer with its
 * status line (undici's own timers: no timer or abort signal of ours a request). Connections are
 * kept alive per receiver. Rejects on network errors, and with WebhookTimedOut when a step takes
 * too long. Sent through the pool's dispatch with a handler of its own: no response stream is made
 * (a stream a request was a tenth of the client's CPU).
 */
export function postWebhook(target: VettedTarget, body: string, headers: readonly string[], timeoutMs: number): Promise<WebhookResponse> {
  const { pool, path } = routeOf(target, timeoutMs);
  return new Promise((resolve, reject) => {
    let answered = false;
    let drained = 0;
    pool.dispatch({ path, method: 'POST', body, headers: [...headers, 'content-type', 'application/json', 'user-agent', 'consult-webhooks/1'] }, {
      onRequestStart() {},
      onResponseStart(_controller, status, responseHeaders) {
        if (status < 200 || answered) return; // 1xx: informational, the answer comes after
        answered = true;
        const retryAfter = responseHeaders['retry-after'];
        resolve({ status, ...(typeof retryAfter === 'string' ? { retryAfter } : {}) });
      },
      onResponseData(controller, chunk) {
        drained += chunk.length;
        if (drained > MAX_DRAINED_BYTES) controller.abort(new Error(`the receiver's answer is longer than ${MAX_DRAINED_BYTES} bytes`));
      },
      onResponseEnd() {},
      onResponseError(_controller, error) {
        if (!answered) reject(TIMED_OUT.has((error as { code?: string }).code ?? '') ? new WebhookTimedOut(timeoutMs) : error);
      },
    });
  });
}

/** A lookup that answers with the vetted addresses, so the connection cannot be re-pointed (DNS rebinding) after the check. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_host, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
}
