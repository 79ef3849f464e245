import { IncomingHttpHeaders, IncomingMessage, request } from 'node:http';

/** One message as a client sees it. */
export interface SseMessage {
  id: string;
  event: string;
  data: any;
}

/**
 * A Server-Sent Events client over node:http, keeping every byte it got (to scan them) and
 * the messages parsed as the WHATWG rules say (fields per line, a blank line ends a message).
 */
export class SseClient {
  raw = '';
  readonly messages: SseMessage[] = [];
  comments = 0;
  body?: any;
  private pending = '';

  private constructor(readonly status: number, readonly headers: IncomingHttpHeaders, private readonly response: IncomingMessage) {}

  /** Opens `url`; resolves once the status and headers are in (for a refusal, once its body is). */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
        const client = new SseClient(response.statusCode ?? 0, response.headers, response);
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => client.take(chunk));
        response.on('error', () => undefined);
        if (client.status === 200) return resolve(client);
        response.on('end', () => {
          client.body = JSON.parse(client.raw);
          resolve(client);
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Waits until `check` holds, polling what has arrived. */
  async waitFor(check: (client: SseClient) => boolean, what: string, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check(this)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ids ${this.ids().join(',')}`);
      await new Promise((resume) => setTimeout(resume, 20));
    }
  }

  /** Waits for a message of `type` whose data passes `match`. */
  async next(type: string, match: (data: any) => boolean = () => true): Promise<SseMessage> {
    await this.waitFor((c) => c.messages.some((m) => m.event === type && match(m.data)), type);
    return this.messages.find((m) => m.event === type && match(m.data))!;
  }

  ids(): number[] {
    return this.messages.map((m) => Number(m.id));
  }

  /** Whether the server has ended the response. */
  get ended(): boolean {
    return this.response.complete || this.response.destroyed;
  }

  close(): void {
    this.response.destroy();
  }

  private take(chunk: string): void {
    this.raw += chunk;
    this.pending += chunk;
    let end: number;
    while ((end = this.pending.indexOf('\n\n')) >= 0) {
      const block = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      this.parse(block);
    }
  }

  private parse(block: string): void {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments += 1;
      const colon = line.indexOf(':');
      if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
    }
    if (fields.data !== undefined) this.messages.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
  }
}

/** The value of a gauge in a Prometheus exposition. */
export async function gauge(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in /metrics`);
  return Number(line.split(' ')[1]);
}
