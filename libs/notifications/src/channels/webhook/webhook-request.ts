import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { urlToHttpOptions } from 'node:url';
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

/** Receivers' answers are drained (so the connection is kept) up to this size; a longer one is cut off. */
const MAX_DRAINED_BYTES = 64 * 1024;
/** Receivers kept connections to, at most (the oldest is let go first). */
const MAX_AGENTS = 500;
const agents = new Map<string, http.Agent>();

/** What every request to one vetted target shares: its agent, its pinned lookup, where it goes. */
interface TargetRoute {
  client: typeof http | typeof https;
  agent: http.Agent;
  lookup: LookupFunction | undefined;
  /** The URL's parts as request options (parsed once, not on every request). */
  where: http.RequestOptions;
  /** The `Host` header Node would send for the URL (a raw header list gets none of its own). */
  host: string;
}

/** Routes of the targets in use: a vetted target is kept (and reused) by the channel while its verdict holds. */
const routes = new WeakMap<VettedTarget, TargetRoute>();

function routeOf(target: VettedTarget): TargetRoute {
  let route = routes.get(target);
  if (!route) {
    const { url, addresses } = target;
    route = {
      client: url.protocol === 'https:' ? https : http,
      agent: agentFor(target),
      lookup: addresses ? pinnedLookup(addresses) : undefined,
      where: urlToHttpOptions(url),
      host: url.host,
    };
    routes.set(target, route);
  }
  return route;
}

/**
 * A keep-alive agent per receiver and vetted addresses: a connection is reused only for the
 * addresses the guard approved (a new vetting with other addresses gets another agent).
 */
function agentFor(target: VettedTarget): http.Agent {
  const key = `${target.url.protocol}//${target.url.host}|${target.addresses?.map((a) => a.address).join(',') ?? ''}`;
  let agent = agents.get(key);
  if (!agent) {
    const Agent = target.url.protocol === 'https:' ? https.Agent : http.Agent;
    agent = new Agent({ keepAlive: true, maxSockets: 16, timeout: 30_000 });
    agents.set(key, agent);
    if (agents.size > MAX_AGENTS) {
      const [oldest, old] = agents.entries().next().value as [string, http.Agent];
      agents.delete(oldest);
      old.destroy();
    }
  }
  return agent;
}

/**
 * POSTs `body` once, with `headers` (a raw list: name, value, ...) and the content's, and settles on the response's status line: redirects are not followed
 * (a 3xx is an answer like any other), the response body is drained, not read (a long one is
 * cut off), and the whole exchange is cut off after `timeoutMs`. Connections are kept alive
 * per receiver. Rejects on network errors and the timeout.
 */
export function postWebhook(target: VettedTarget, body: string, headers: readonly string[], timeoutMs: number): Promise<WebhookResponse> {
  const { client, agent, lookup, where, host } = routeOf(target);
  return new Promise((resolve, reject) => {
    const request = client.request({
      protocol: where.protocol, hostname: where.hostname, port: where.port, path: where.path, auth: where.auth,
      method: 'POST',
      // Pooled per receiver and vetted addresses: the lookup below pins new connections to them.
      agent,
      lookup,
      // A raw list (name, value, ...): written out as given, not checked and stored one by one as an object's are.
      headers: ['host', host, ...headers, 'content-type', 'application/json', 'content-length', String(Buffer.byteLength(body)), 'user-agent', 'consult-webhooks/1'],
    }, (response) => {
      clearTimeout(timer);
      const retryAfter = response.headers['retry-after'];
      resolve({ status: response.statusCode ?? 0, ...(retryAfter === undefined ? {} : { retryAfter }) });
      let drained = 0;
      response.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > MAX_DRAINED_BYTES) response.destroy();
      });
      response.on('error', () => undefined);
      response.resume();
    });
    const timer = setTimeout(() => request.destroy(new WebhookTimedOut(timeoutMs)), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

/** A lookup that answers with the vetted addresses, so the connection cannot be re-pointed (DNS rebinding) after the check. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_host, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
}
