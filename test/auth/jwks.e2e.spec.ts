import { TokenProvider, ProviderKey } from './token-provider';
import { tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(60_000);

/** The api's least time between two fetches of the key set (JwksTokenVerifier's default cooldown). */
const COOLDOWN_MS = 5_000;
const SECRETARIAT = { sub: 'oidc|sec-1', role: 'secretariat', name: 'Secretariat' };
const LAUNCH = { workflow: 'council-approval', title: { en: 'Guidelines' }, eligibleGroups: ['academia'], timezone: 'Europe/Zurich' };

describe('tokens of an OpenID Connect provider (CONSULT_JWT_JWKS_URL)', () => {
  const data = tempDir();
  let provider: TokenProvider;
  let api: RunningApi;
  let rsa: ProviderKey;
  let ec: ProviderKey;

  const statusWith = async (token: string, path = '/api/consultations') =>
    (await fetch(api.baseUrl + path, { headers: { authorization: `Bearer ${token}` } })).status;

  beforeAll(async () => {
    provider = await TokenProvider.start();
    rsa = await provider.newKey('RS256', 'rsa-2026-01');
    ec = await provider.newKey('ES256', 'ec-2026-01');
    api = await startApi({
      CONSULT_SQLITE_PATH: `${data.path}/consult.db`,
      CONSULT_JWT_JWKS_URL: provider.jwksUrl,
      CONSULT_JWT_ISSUER: provider.issuer,
      CONSULT_JWT_AUDIENCE: provider.audience,
    });
  });

  afterAll(async () => {
    await stopAll();
    await provider.close();
    data.remove();
  });

  it('accepts an RS256 token: a secretariat launches, and is recorded as the actor', async () => {
    const token = await provider.sign(rsa, SECRETARIAT);
    const launched = await fetch(`${api.baseUrl}/api/consultations`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(LAUNCH),
    });
    expect(launched.status).toBe(201);
    const { id } = (await launched.json()) as { id: string };
    const auditor = await provider.sign(rsa, { sub: 'oidc|aud-1', role: 'auditor' });
    const history = (await (await fetch(`${api.baseUrl}/api/consultations/${id}/history`, { headers: { authorization: `Bearer ${auditor}` } })).json()) as any;
    expect(history.events[0].actor).toMatchObject({ sub: 'oidc|sec-1', role: 'secretariat' });
  });

  it('accepts an ES256 token', async () => {
    expect(await statusWith(await provider.sign(ec, { sub: 'oidc|p-1', role: 'participant', group: 'academia' }))).toBe(200);
  });

  it.each<[string, () => Promise<string>]>([
    ['another issuer', () => provider.sign(rsa, { ...SECRETARIAT, iss: 'https://elsewhere.example/realm' })],
    ['another audience', () => provider.sign(rsa, { ...SECRETARIAT, aud: 'another-api' })],
    ['an expired token', () => provider.sign(ec, { ...SECRETARIAT, exp: Math.floor(Date.now() / 1000) - 60 })],
    ['a token without exp', () => provider.sign(ec, { ...SECRETARIAT, exp: undefined })],
    ['an unknown kid', async () => provider.sign(await provider.newKey('RS256', 'not-published', false), SECRETARIAT)],
    ['an HS256 token signed with CONSULT_JWT_SECRET', async () => tokens.sign({ sub: 's', role: 'secretariat' })],
  ])('refuses %s with 401, on a public read too', async (_label, make) => {
    expect(await statusWith(await make(), '/api/deadlines')).toBe(401);
  });

  it('picks up a key the provider adds later (rotation by kid)', async () => {
    const fetchesBefore = provider.fetches;
    const rotated = await provider.newKey('ES256', 'ec-2026-02');
    const token = await provider.sign(rotated, SECRETARIAT);
    // The api refetches for an unknown kid at most once per cooldown: wait until it may.
    await new Promise((done) => setTimeout(done, Math.max(0, provider.lastFetchAt + COOLDOWN_MS + 200 - Date.now())));
    expect(await statusWith(token)).toBe(200);
    expect(provider.fetches).toBe(fetchesBefore + 1);
    expect(await statusWith(await provider.sign(rsa, SECRETARIAT))).toBe(200);
  });
});
