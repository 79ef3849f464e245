import { RawAnswer, headPosition, send } from './fixture';
import { FuzzRequest } from './fuzz.requests';
import { HttpRequest, resolve } from './fuzz.resolve';
import { World } from './fuzz.templates';

/** A broken promise of DESIGN.md, with the request that broke it. */
export interface Violation {
  kind: '5xx' | 'error-shape' | 'write-after-rejection' | 'no-answer' | 'accepted-unholdable-text' | 'health-unreadable';
  /** The class it belongs to: kind, endpoint and status. */
  group: string;
  run: number;
  detail: string;
  request: string;
}

const ERROR_KEYS = ['statusCode', 'error', 'message', 'details'];
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sends generated requests one at a time (so the store's head is exact) and keeps counts and violations. */
export class FuzzRunner {
  readonly statuses = new Map<string, number>();
  readonly byEndpoint = new Map<string, Map<string, number>>();
  readonly violations: Violation[] = [];
  requests = 0;
  notSent = 0;
  private runs = 0;

  constructor(private readonly baseUrl: string, private readonly world: World) {}

  /**
   * Sends a batch: its reads at the same time (they write nothing), then its writes one by one, so
   * the head position read around each write is exact. Returns what the batch broke.
   */
  async runBatch(batch: FuzzRequest[]): Promise<Violation[]> {
    const run = this.runs++;
    const requests = batch.map((req) => ({ req, http: resolve(req, this.world) }));
    const reads = requests.filter(({ http }) => READS.has(http.method));
    const found = (await Promise.all(reads.map(({ req, http }) => this.run(req, http, run)))).flat();
    for (const { req, http } of requests.filter((r) => !reads.includes(r))) found.push(...(await this.run(req, http, run)));
    return found;
  }

  /** Sends one request, checks the answer, and returns what it broke (also kept in `violations`). */
  private async run(req: FuzzRequest, http: HttpRequest, run: number): Promise<Violation[]> {
    const write = !READS.has(http.method);
    const before = write ? await this.head() : 0;
    let answer: RawAnswer;
    try {
      answer = await send(this.baseUrl, http.method, http.path, http.headers, http.body);
    } catch (error) {
      if (!isNetworkError(error)) { this.notSent++; return []; }
      this.count(req.endpoint, 'no answer');
      return this.keep([{ kind: 'no-answer', group: `no-answer on ${http.route}`, run, detail: String((error as Error).cause ?? error), request: describe(req, http) }]);
    }
    this.count(req.endpoint, String(answer.status));
    const found: Violation[] = [];
    const add = (kind: Violation['kind'], detail: string) =>
      found.push({ kind, group: `${kind} on ${http.route} (${answer.status})`, run, detail, request: describe(req, http) });
    if (answer.status >= 500) add('5xx', answer.text.slice(0, 300));
    const shape = answer.status >= 400 && http.method !== 'HEAD' ? errorShapeProblem(answer, http.path) : undefined;
    if (shape) add('error-shape', shape);
    if (write) {
      const after = await this.head();
      if (typeof after !== 'number' || typeof before !== 'number') add('health-unreadable', String(typeof after === 'number' ? before : after));
      else if (after !== before && (answer.status < 200 || answer.status >= 300)) add('write-after-rejection', `head ${before} → ${after}`);
      // Issue 9 / DESIGN.md "no input breaks it": text PostgreSQL or JSON cannot hold (NUL, lone surrogates) is a 400 at the edge.
      if (answer.status < 300 && holdsUnholdableText(safeParse(http.body))) add('accepted-unholdable-text', answer.text.slice(0, 200));
    }
    if (answer.status < 300) this.learn(req, http, answer);
    return this.keep(found);
  }

  /** The head position, or why /health would not say (tried three times: a reused socket the server closed is not the api's fault). */
  private async head(): Promise<number | string> {
    let problem = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await headPosition(this.baseUrl);
      } catch (error) {
        problem = `GET /health: ${String((error as Error).cause ?? error)}`;
        await new Promise((done) => setTimeout(done, 100));
      }
    }
    return problem;
  }

  private keep(found: Violation[]): Violation[] {
    this.violations.push(...found);
    return found;
  }

  private count(endpoint: string, status: string): void {
    this.requests++;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    const row = this.byEndpoint.get(endpoint) ?? new Map<string, number>();
    row.set(status, (row.get(status) ?? 0) + 1);
    this.byEndpoint.set(endpoint, row);
  }

  /** Keeps what an accepted write created, so later requests can aim at it. */
  private learn(req: FuzzRequest, http: HttpRequest, answer: RawAnswer): void {
    const body = answer.json as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return;
    if (http.path === '/api/consultations' && http.method === 'POST' && typeof body.id === 'string') {
      const workflow = safeParse(http.body)?.workflow;
      (workflow === 'phased-forum' ? this.world.forumIds : this.world.councilIds).push(body.id);
    }
    if (req.endpoint === 'contribute' && http.method === 'POST' && typeof body.id === 'string' && typeof body.consultationId === 'string') {
      this.world.contributionIds.set(body.consultationId, [...(this.world.contributionIds.get(body.consultationId) ?? []), body.id].slice(-200));
    }
    if (req.endpoint === 'clock' && http.method === 'PUT' && typeof body.now === 'string') this.world.clock = Date.parse(body.now);
  }
}

/** What is wrong with an error body, measured against `{statusCode, error, message, details?}`. */
function errorShapeProblem(answer: RawAnswer, path: string): string | undefined {
  // Outside /api (the dashboard's pages, and paths that are no page) a refusal may be a page in the reader's
  // language, saying what was wrong. The path as sent: fetch resolves dot segments (`/api/x/../../etc` is `/etc`).
  const sent = URL.canParse(`http://fuzz.invalid${path}`) ? new URL(`http://fuzz.invalid${path}`).pathname : path;
  if (!/^\/api(\/|$)/.test(sent) && answer.headers.get('content-type')?.startsWith('text/html')) return pageErrorProblem(answer);
  const body = answer.json as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `not a JSON object: ${answer.text.slice(0, 120)}`;
  if (body.statusCode !== answer.status) return `statusCode ${JSON.stringify(body.statusCode)} ≠ ${answer.status}`;
  if (typeof body.error !== 'string' || typeof body.message !== 'string') return `error/message not strings: ${answer.text.slice(0, 120)}`;
  // expected by DESIGN.md: the error body is exactly {statusCode, error, message, details?}.
  const extra = Object.keys(body).filter((key) => !ERROR_KEYS.includes(key));
  return extra.length > 0 ? `extra keys ${extra.join(', ')}: ${answer.text.slice(0, 120)}` : undefined;
}

/** An error page must be a whole document that says which status it is. */
function pageErrorProblem(answer: RawAnswer): string | undefined {
  if (!answer.text.startsWith('<!DOCTYPE html>') || !/<html lang="[a-z]{2}" dir="(ltr|rtl)"/.test(answer.text)) return `not a page: ${answer.text.slice(0, 120)}`;
  return /<main\b/.test(answer.text) ? undefined : `a page without its main content: ${answer.text.slice(0, 120)}`;
}

/** A network failure (the server reset or never answered), as opposed to a request undici refuses to build. */
function isNetworkError(error: unknown): boolean {
  return error instanceof Error && (error.message === 'fetch failed' || error.name === 'TimeoutError' || error.name === 'AbortError');
}

const UNHOLDABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether any string (key or value) in the body holds NUL or a lone surrogate. */
function holdsUnholdableText(value: unknown): boolean {
  if (typeof value === 'string') return UNHOLDABLE.test(value);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, inner]) => UNHOLDABLE.test(key) || holdsUnholdableText(inner));
}

function safeParse(body: string | Buffer | undefined): Record<string, unknown> | undefined {
  try { return JSON.parse(String(body)); } catch { return undefined; } // deep nesting included: RangeError is caught
}

/** The request in one line: what a person needs to send it again. */
export function describe(req: FuzzRequest, http: HttpRequest): string {
  const auth = req.auth.kind === 'bad' ? `bad token ${req.auth.bad}` : req.auth.kind === 'good' ? `token ${JSON.stringify(req.auth.caller)}`
    : req.auth.kind === 'raw' ? `authorization ${JSON.stringify(req.auth.header.slice(0, 40))}` : req.auth.kind;
  const body = http.body === undefined ? '' : ` body(${http.body.length})=${JSON.stringify(String(http.body).slice(0, 300))}`;
  const others = Object.entries(http.headers).filter(([name]) => name !== 'authorization').map(([n, v]) => `${n}: ${JSON.stringify(v.slice(0, 60))}`);
  return `${http.method} ${http.path.slice(0, 300)}${http.path.length > 300 ? `…(${http.path.length})` : ''} [${auth}${others.length ? '; ' + others.join('; ') : ''}]${body}`;
}
