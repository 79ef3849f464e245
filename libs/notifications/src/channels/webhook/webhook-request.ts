import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
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

/**
 * POSTs `body` once and settles on the response's status line: redirects are not followed
 * (a 3xx is an answer like any other), the response body is not read, and the whole
 * exchange is cut off after `timeoutMs`. Rejects on network errors and the timeout.
 */
export function postWebhook(target: VettedTarget, body: string, headers: Record<string, string>, timeoutMs: number): Promise<WebhookResponse> {
  const { url, addresses } = target;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: 'POST',
      // No pooled sockets: each try connects afresh, to the addresses the guard vetted.
      agent: false,
      lookup: addresses ? pinnedLookup(addresses) : undefined,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'consult-webhooks/1' },
    }, (response) => {
      clearTimeout(timer);
      const retryAfter = response.headers['retry-after'];
      resolve({ status: response.statusCode ?? 0, ...(retryAfter === undefined ? {} : { retryAfter }) });
      response.destroy();
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
