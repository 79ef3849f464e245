import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, as it arrived. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers one request: status, headers and maybe a body, or `hang` to never answer. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** A plain node:http webhook receiver that records what it gets and answers from a script (then 204). */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly answers: Answer[] = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    // A sender killed mid-request resets the socket: the request is dropped, as a real receiver would.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(response, this.answers.shift() ?? { status: 204 });
    });
  });

  /** Starts listening on a free port of 127.0.0.1. */
  async start(): Promise<this> {
    this.server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(host = '127.0.0.1'): string {
    return `http://${host}:${this.port}/hooks/consult`;
  }

  /** The next requests are answered so, in order. */
  answerWith(...answers: Answer[]): void {
    this.answers.push(...answers);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function answer(response: ServerResponse, reply: Answer): void {
  if (reply === 'hang') return;
  response.writeHead(reply.status, reply.headers).end(reply.body);
}

/**
 * Checks a request as a receiver would, with node:crypto only: the subscription's secret is
 * HMAC-SHA256(master, subscription id), and the signature HMAC-SHA256 of `<id>.<timestamp>.<body>`.
 */
export function signatureIsValid(request: ReceivedWebhook, masterSecret: string, subscriptionId: string): boolean {
  const key = createHmac('sha256', masterSecret).update(subscriptionId).digest();
  const id = String(request.headers['webhook-id']);
  const timestamp = String(request.headers['webhook-timestamp']);
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest();
  const signatures = String(request.headers['webhook-signature']).split(' ');
  return signatures.some((versioned) => {
    const [version, signature] = versioned.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}
