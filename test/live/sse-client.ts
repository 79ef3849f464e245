import { Agent, IncomingHttpHeaders, IncomingMessage, request } from 'node:http';

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

const ID = Buffer.from('id: ');
const END = Buffer.from('\n\n');

/** Every message a set of streams got: its position (`id:`) and arrival time (ms), side by side. */
export interface Deliveries { positions: number[]; arrivals: number[] }

/**
 * For benchmarks: opens one stream and records the `id:` of every message it gets with its arrival time. Read
 * as bytes, without decoding or copying what is not an id: the 1,000 clients share the bench's
 * one thread, and must not be what the measurement measures.
 */
export function recordIds(url: string, headers: Record<string, string>, run: Deliveries, agent: Agent): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`));
      let carry: Buffer | undefined;
      response.on('data', (data: Buffer) => {
        const at = Date.now();
        const chunk = carry ? Buffer.concat([carry, data]) : data;
        let start = 0;
        let end: number;
        while ((end = chunk.indexOf(END, start)) >= 0) {
          if (chunk.indexOf(ID, start) === start) {
            let position = 0;
            for (let i = start + ID.length; chunk[i] >= 48 && chunk[i] <= 57; i += 1) position = position * 10 + chunk[i] - 48;
            run.positions.push(position);
            run.arrivals.push(at);
          }
          start = end + END.length;
        }
        carry = start < chunk.length ? chunk.subarray(start) : undefined;
      });
      response.on('error', () => undefined);
      resolve(() => response.destroy());
    });
    req.on('error', reject);
    req.end();
  });
}
