import Fastify from 'fastify';
import { answer } from './read-answer';

describe('answer: a read from the read models', () => {
  const app = Fastify();
  let base: string;
  app.get('/read', async (request, reply) => {
    const fresh = (request.query as { fresh?: string }).fresh === 'yes';
    return answer(reply, { value: { total: 0, items: [] }, freshness: { fresh, checkpoint: 41, head: 57 } });
  });
  beforeAll(async () => {
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app.close());

  it('says how far behind the read models were: X-Read-Model-Stale <checkpoint>/<head>', async () => {
    const response = await fetch(`${base}/read?fresh=no`);
    expect({ status: response.status, stale: response.headers.get('x-read-model-stale'), body: await response.json() })
      .toEqual({ status: 200, stale: '41/57', body: { total: 0, items: [] } });
  });

  it('carries no header when they were current', async () => {
    const response = await fetch(`${base}/read?fresh=yes`);
    expect(response.headers.get('x-read-model-stale')).toBeNull();
  });
});
