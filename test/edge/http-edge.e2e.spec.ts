import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { participant } from '../../libs/demo/src/timeline';
import { clientFor, tokenFor } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(150_000);

const BRAZIL = participant('member-state', 'BRA');
const LAUNCH = { workflow: 'council-approval', title: { en: 'Edge' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };
const DASHBOARD = 'https://dashboard.example';
const ERROR_SHAPE = { statusCode: expect.any(Number), error: expect.any(String), message: expect.any(String) };

/** Posts raw bytes, as a hostile client would; node:http, as fetch gives up on a 413 sent mid-upload. */
function postRaw(
  baseUrl: string, path: string, body: Buffer, headers: Record<string, string>, sendOnly?: number,
): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  return new Promise((done, fail) => {
    const request = httpRequest(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-length': String(body.length), ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        done({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) });
        if (sendOnly !== undefined) request.destroy();
      });
    });
    request.setTimeout(20_000, () => request.destroy(new Error('no answer within 20 s')));
    request.on('error', fail);
    // `sendOnly`: declare the whole length but send only the start, and wait for the answer.
    if (sendOnly === undefined) request.end(body);
    else request.write(body.subarray(0, sendOnly));
  });
}

/** Sends raw bytes on a socket of its own and returns what came back before the server closed it. */
function sendRaw(baseUrl: string, raw: Buffer): Promise<{ status: number; headers: string; body: any }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((done, fail) => {
    const socket = connect(Number(port), hostname, () => socket.end(raw));
    const chunks: Buffer[] = [];
    socket.setTimeout(20_000, () => socket.destroy(new Error('no answer within 20 s')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', fail);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, body] = text.split('\r\n\r\n');
      done({ status: Number(head.split(' ')[1]), headers: head, body: body ? JSON.parse(body) : undefined });
    });
  });
}

describe('the HTTP edge', () => {
  const data = tempDir();
  const throttledData = tempDir();
  let api: RunningApi;
  let throttled: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let id: string;

  const head = async (): Promise<number> => ((await (await fetch(`${api.baseUrl}/health`)).json()) as any).eventStore.headPosition;
  const historyLength = async (): Promise<number> => (await call('GET', `/api/consultations/${id}/history`, 'secretariat')).body.events.length;
  const secretariat = { authorization: `Bearer ${tokenFor('secretariat')}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    // One after the other, with room: the machine may be busy compiling other tests.
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' }, 60_000);
    throttled = await startApi(
      { CONSULT_SQLITE_PATH: `${throttledData.path}/consult.db`, CONSULT_CLOCK: 'manual', CONSULT_RATE_LIMIT: '5', CONSULT_CORS_ORIGINS: DASHBOARD },
      60_000,
    );
    call = clientFor(api.baseUrl);
    await call('PUT', '/api/clock', 'secretariat', { now: '2020-04-01T09:00:00Z' });
    id = (await call('POST', '/api/consultations', 'secretariat', LAUNCH)).body.id;
    await call('POST', `/api/consultations/${id}/commands`, 'secretariat', {
      type: 'publishDraft', payload: { documentRef: 'D', version: '1', sections: [{ number: '1', title: 'Intro' }] },
    });
    await call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type: 'openConsultation', payload: { closesAt: '2020-04-30T00:00:00Z' } });
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
    throttledData.remove();
  });

  describe('security headers', () => {
    it.each(['/health', '/api/consultations', '/api/no-such-thing'])('are sent on %s', async (path) => {
      const response = await fetch(api.baseUrl + path);
      const csp = response.headers.get('content-security-policy') ?? '';
      for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) {
        expect(csp).toContain(directive);
      }
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    });
  });

  describe('Swagger UI', () => {
    it('loads its page and every asset it names, with inline styles allowed there only', async () => {
      const page = await fetch(`${api.baseUrl}/api/docs`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(page.headers.get('content-security-policy')).toMatch(/style-src 'self' 'unsafe-inline'/);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
      // script-src 'self' blocks inline scripts: every script must be a file.
      expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
      const assets = [...html.matchAll(/(?:src|href)=["']([^"']+\.(?:js|css|png))["']/g)].map((m) => m[1]);
      expect(assets.length).toBeGreaterThanOrEqual(4);
      for (const asset of assets) {
        const response = await fetch(new URL(asset, `${api.baseUrl}/api/docs/`));
        expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      }
    });

    it('serves the OpenAPI document', async () => {
      const response = await fetch(`${api.baseUrl}/api/docs-json`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    });
  });

  describe('rate limit', () => {
    it('answers 429 with Retry-After after CONSULT_RATE_LIMIT requests from one address, but not on /health or /metrics', async () => {
      for (let i = 0; i < 5; i++) expect((await fetch(`${throttled.baseUrl}/api/deadlines`)).status).toBe(200);
      const refused = await fetch(`${throttled.baseUrl}/api/deadlines`);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/rate limit/i) });
      expect((await fetch(`${throttled.baseUrl}/health`)).status).toBe(200);
      expect((await fetch(`${throttled.baseUrl}/metrics`)).status).toBe(200);
    });

    it('counts made-up tokens against the address: once it is over its limit they get 429, not a token check', async () => {
      // The test above has used this address's allowance.
      for (let i = 0; i < 3; i++) {
        expect((await fetch(`${throttled.baseUrl}/api/deadlines`, { headers: { authorization: `Bearer made-up-${i}` } })).status).toBe(429);
      }
    });

    it('counts a token holder apart from the address', async () => {
      const auditor = { authorization: `Bearer ${tokenFor('auditor')}` };
      for (let i = 0; i < 5; i++) expect((await fetch(`${throttled.baseUrl}/api/deadlines`, { headers: auditor })).status).toBe(200);
      expect((await fetch(`${throttled.baseUrl}/api/deadlines`, { headers: auditor })).status).toBe(429);
    });
  });

  describe('CORS', () => {
    const preflight = (baseUrl: string, origin: string) => fetch(`${baseUrl}/api/consultations`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

    it('is closed by default: no origin is allowed, not even for a preflight', async () => {
      expect((await fetch(`${api.baseUrl}/health`, { headers: { origin: DASHBOARD } })).headers.get('access-control-allow-origin')).toBeNull();
      expect((await preflight(api.baseUrl, DASHBOARD)).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('allows the configured origin only', async () => {
      const allowed = await preflight(throttled.baseUrl, DASHBOARD);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
      expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect((await fetch(`${throttled.baseUrl}/health`, { headers: { origin: DASHBOARD } })).headers.get('access-control-allow-origin')).toBe(DASHBOARD);
      expect((await preflight(throttled.baseUrl, 'https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('JSON bodies', () => {
    const commands = () => `/api/consultations/${id}/commands`;

    it('refuses JSON nested 10,000 levels deep with a 400 naming the limit, writing nothing', async () => {
      const before = await head();
      const deep = `{"type":"withdraw","payload":{"reason":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
      const answer = await postRaw(api.baseUrl, commands(), Buffer.from(deep), secretariat);
      expect(answer).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'the body nests deeper than 32 levels' } });
      expect(await head()).toBe(before);
    });

    it('refuses invalid UTF-8 with a 400', async () => {
      const body = Buffer.concat([Buffer.from('{"type":"withdraw","payload":{"reason":"a'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
      const answer = await postRaw(api.baseUrl, commands(), body, secretariat);
      expect(answer).toMatchObject({ status: 400, body: { ...ERROR_SHAPE, message: 'the body is not valid UTF-8' } });
    });

    it.each([
      ['U+0000', 'a\u0000b'],
      ['a lone surrogate', 'a\ud800b'],
    ])('refuses a contribution whose text holds %s with a 400 naming text, writing nothing', async (_what, text) => {
      const [before, events] = [await head(), await historyLength()];
      const answer = await call('POST', `/api/consultations/${id}/contributions`, BRAZIL, { kind: 'comment', section: '1', text, language: 'en' });
      expect(answer).toMatchObject({ status: 400, body: { statusCode: 400, details: [{ field: 'text' }] } });
      expect(answer.body.message).toMatch(/^text must not contain/);
      expect([await head(), await historyLength()]).toEqual([before, events]);
    });

    it('accepts the same contribution with clean text (the refusals above are about the text)', async () => {
      const before = await head();
      const answer = await call('POST', `/api/consultations/${id}/contributions`, BRAZIL, { kind: 'comment', section: '1', text: 'ab 😀', language: 'en' });
      expect(answer.status).toBe(201);
      expect(await head()).toBeGreaterThan(before);
    });

    it('refuses a prototype-poisoning key with a 400', async () => {
      const answer = await postRaw(api.baseUrl, commands(), Buffer.from('{"type":"withdraw","payload":{"reason":"x","__proto__":{"admin":true}}}'), secretariat);
      expect(answer).toMatchObject({ status: 400, body: { details: [{ field: 'payload.__proto__' }] } });
    });

    it('answers a 2 MB body with 413 in the error shape', async () => {
      const body = Buffer.from(JSON.stringify({ type: 'withdraw', payload: { reason: 'x'.repeat(2_000_000) } }));
      // The api answers on the declared length and closes; writing the rest would race that close (EPIPE).
      const answer = await postRaw(api.baseUrl, commands(), body, secretariat, 64 * 1024);
      expect(answer).toEqual({ status: 413, headers: expect.anything(), body: { statusCode: 413, error: 'Payload Too Large', message: expect.any(String) } });
    });

    it('answers other media types with 415 and an empty JSON body with 400', async () => {
      const text = await postRaw(api.baseUrl, commands(), Buffer.from('type=withdraw'), { ...secretariat, 'content-type': 'application/x-www-form-urlencoded' });
      expect(text).toMatchObject({ status: 415, body: { statusCode: 415, error: 'Unsupported Media Type' } });
      const plain = await postRaw(api.baseUrl, commands(), Buffer.from('withdraw'), { ...secretariat, 'content-type': 'text/plain' });
      expect(plain.status).toBe(415);
      const empty = await postRaw(api.baseUrl, commands(), Buffer.alloc(0), secretariat);
      expect(empty).toMatchObject({ status: 400, body: { ...ERROR_SHAPE, message: 'the body is empty; send a JSON value' } });
    });
  });

  describe("requests Node's HTTP parser refuses (they never reach the app)", () => {
    it.each([
      ['a raw UTF-8 URL', 'GET /api/consultations/\u00e9t\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n', 'url'],
      ['a Content-Length that is not a number', 'POST /api/consultations HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}', 'Content-Length'],
      ['Content-Length beside Transfer-Encoding: chunked', 'POST /api/consultations HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n', 'Transfer-Encoding'],
      ['a header name with a space', 'GET /health HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n', 'headers'],
      ['no request line at all', '\u0000\u0001\u0002 / HTTP/1.1\r\n\r\n', 'method'],
    ])('%s: a 400 in the error shape naming %s, nothing written', async (_name, raw, field) => {
      const before = await head();
      const answer = await sendRaw(api.baseUrl, Buffer.from(raw, 'utf8'));
      expect(answer.status).toBe(400);
      expect(answer.headers).toMatch(/content-type: application\/json/i);
      expect(answer.body).toEqual({ ...ERROR_SHAPE, statusCode: 400, error: 'Bad Request', details: [{ field, message: answer.body.message }] });
      expect(answer.body.message).not.toBe('Client Error');
      expect(await head()).toBe(before);
    });
  });

  describe('query strings and paths', () => {
    it.each([
      ['/api/consultations?state=a&state=b', 'state'],
      ['/api/consultations?state[]=a', 'state[]'],
      ['/api/consultations?a[b]=1', 'a[b]'],
      ['/api/deadlines?until=%00', 'until'],
      ['/api/consultations/abc%00/history', 'id'],
    ])('refuses %s with a 400 naming %s', async (path, field) => {
      const answer = await call('GET', path, 'secretariat');
      expect(answer).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request', details: [{ field }] } });
    });

    it('sends the security headers with those refusals too', async () => {
      const response = await fetch(`${api.baseUrl}/api/consultations?state=a&state=b`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('answers a path that is not valid percent-encoded UTF-8 in the error shape, with nosniff', async () => {
      const response = await fetch(`${api.baseUrl}/api/consultations/a%ED%A0%80b`);
      expect(response.status).toBe(400);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    });
  });
});
