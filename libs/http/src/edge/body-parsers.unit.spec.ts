import Fastify, { type FastifyInstance } from 'fastify';
import { acceptOnlyStrictBodies } from './body-parsers';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const UNSUBSCRIBE = '/api/subscriptions/sub-1/unsubscribe?token=abc';

/** Over a loopback socket: Fastify's inject needs an ES module Jest cannot load on Node 20. */
describe('the edge body parsers on a Fastify instance', () => {
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    app = Fastify();
    acceptOnlyStrictBodies(app);
    const echo = async (request: { body: unknown }) => ({ received: request.body ?? null });
    app.post('/api/subscriptions/:id/unsubscribe', echo);
    app.post('/api/subscriptions/:id/confirm', echo);
    app.post('/api/consultations/:id/commands', echo);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  const post = async (url: string, body: string, headers: Record<string, string>) => {
    const response = await fetch(base + url, { method: 'POST', body, headers });
    const text = await response.text();
    return { statusCode: response.status, json: () => JSON.parse(text) as unknown };
  };

  it('takes the RFC 8058 one-click body on the unsubscribe path, charset parameter or not', async () => {
    const plain = await post(UNSUBSCRIBE, 'List-Unsubscribe=One-Click', FORM);
    expect(plain.statusCode).toBe(200);
    expect(plain.json()).toEqual({ received: { 'List-Unsubscribe': 'One-Click' } });
    const charset = await post(UNSUBSCRIBE, 'List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
    expect(charset.json()).toEqual({ received: { 'List-Unsubscribe': 'One-Click' } });
  });

  it('still takes JSON on the unsubscribe path', async () => {
    const json = await post(UNSUBSCRIBE, '{"a":1}', { 'content-type': 'application/json' });
    expect(json.json()).toEqual({ received: { a: 1 } });
  });

  it('answers a form anywhere else with 415', async () => {
    expect((await post('/api/consultations/c1/commands', 'type=withdraw', FORM)).statusCode).toBe(415);
    expect((await post('/api/subscriptions/sub-1/confirm?token=abc', 'List-Unsubscribe=One-Click', FORM)).statusCode).toBe(415);
  });

  it('answers other media types on the unsubscribe path with 415, and a malformed form with 400', async () => {
    expect((await post(UNSUBSCRIBE, 'List-Unsubscribe=One-Click', { 'content-type': 'text/plain' })).statusCode).toBe(415);
    expect((await post(UNSUBSCRIBE, '<x/>', { 'content-type': 'application/xml' })).statusCode).toBe(415);
    expect((await post(UNSUBSCRIBE, 'a=1&a=2', FORM)).statusCode).toBe(400);
  });
});
