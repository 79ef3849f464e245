import jwt from 'jsonwebtoken';
import { clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { TEST_JWT_SECRET, stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(60_000);

/** One token of each bad kind; the rights matrix (test/hardening) covers every endpoint. */
const BAD_TOKENS: Record<string, string> = {
  'wrong signature': jwt.sign({ sub: 's', role: 'secretariat' }, 'another-secret-another-secret-0123456789', { expiresIn: 600 }),
  'alg none': jwt.sign({ sub: 's', role: 'secretariat', exp: Math.floor(Date.now() / 1000) + 600 }, '', { algorithm: 'none' }),
  HS512: jwt.sign({ sub: 's', role: 'secretariat' }, TEST_JWT_SECRET, { algorithm: 'HS512', expiresIn: 600 }),
  expired: jwt.sign({ sub: 's', role: 'secretariat', exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET),
  'no exp': jwt.sign({ sub: 's', role: 'secretariat' }, TEST_JWT_SECRET),
  'unknown role': jwt.sign({ sub: 's', role: 'admin' }, TEST_JWT_SECRET, { expiresIn: 600 }),
  'participant without group': jwt.sign({ sub: 's', role: 'participant' }, TEST_JWT_SECRET, { expiresIn: 600 }),
  'nbf in the future': jwt.sign({ sub: 's', role: 'secretariat', nbf: Math.floor(Date.now() / 1000) + 600 }, TEST_JWT_SECRET, { expiresIn: 1200 }),
};

describe('a present but bad token', () => {
  const data = tempDir();
  let api: RunningApi;
  let id: string;
  const get = (path: string, authorization?: string) =>
    fetch(api.baseUrl + path, { headers: authorization === undefined ? {} : { authorization } });

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db` });
    const launched = await clientFor(api.baseUrl)('POST', '/api/consultations', 'secretariat', {
      workflow: 'council-approval', title: { en: 'Guidelines' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich',
    });
    id = launched.body.id;
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  const publicReads = () => ['/api/consultations', '/api/deadlines', `/api/consultations/${id}`, `/api/consultations/${id}/contributions`];

  it.each(Object.keys(BAD_TOKENS))('is 401 on the public reads: %s', async (kind) => {
    for (const path of publicReads()) {
      const response = await get(path, `Bearer ${BAD_TOKENS[kind]}`);
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
      expect(await response.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer not-a-token']])('is 401 for the malformed header %j', async (header) => {
    expect((await get('/api/deadlines', header)).status).toBe(401);
  });

  it('is 401 on an /api path that does not exist, rather than 404', async () => {
    expect((await get('/api/nothing-here', `Bearer ${BAD_TOKENS.expired}`)).status).toBe(401);
  });

  it('is ignored outside /api, where no token is ever needed: health and metrics', async () => {
    for (const path of ['/health', '/metrics']) {
      expect({ path, status: (await get(path, `Bearer ${BAD_TOKENS.expired}`)).status }).toEqual({ path, status: 200 });
    }
  });

  it('is 401 on the OpenAPI document too, an /api path like the others', async () => {
    expect((await get('/api/docs-json', `Bearer ${BAD_TOKENS.expired}`)).status).toBe(401);
    expect((await get('/api/docs-json')).status).toBe(200);
  });

  it('while no token, and a good one, still read', async () => {
    const good = `Bearer ${tokens.sign({ sub: 'p', role: 'participant', group: 'academia' })}`;
    for (const path of publicReads()) {
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 200 });
      expect({ path, status: (await get(path, good)).status }).toEqual({ path, status: 200 });
    }
  });
});
