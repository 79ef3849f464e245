import jwt from 'jsonwebtoken';
import { TokenProvider, ProviderKey } from '../../../test/auth/token-provider';
import { TokenProviderUnavailable, Unauthorized } from './auth.errors';
import { JwksTokenVerifier } from './jwks.verifier';

const claims = { sub: 'oidc|42', role: 'participant', group: 'academia', org: 'UNIGE' };
const now = () => Math.floor(Date.now() / 1000);

describe('JwksTokenVerifier, against a JWKS served over HTTP', () => {
  let provider: TokenProvider;
  let verifier: JwksTokenVerifier;
  let rsa: ProviderKey;
  let ec: ProviderKey;

  beforeAll(async () => {
    provider = await TokenProvider.start();
    rsa = await provider.newKey('RS256', 'rsa-1');
    ec = await provider.newKey('ES256', 'ec-1');
    verifier = new JwksTokenVerifier({ jwksUrl: provider.jwksUrl, issuer: provider.issuer, audience: provider.audience, cooldownMs: 200 });
  });
  afterAll(() => provider.close());

  it.each([['RS256', () => rsa], ['ES256', () => ec]])('accepts a %s token of the provider', async (_alg, key) => {
    await expect(verifier.callerOf(`Bearer ${await provider.sign(key(), claims)}`)).resolves.toEqual({ kind: 'token', ...claims, name: undefined });
  });

  const bad: Array<[string, () => Promise<string>]> = [
    ['another issuer', () => provider.sign(rsa, { ...claims, iss: 'https://evil.example' })],
    ['another audience', () => provider.sign(rsa, { ...claims, aud: 'someone-else' })],
    ['an expired token', () => provider.sign(rsa, { ...claims, exp: now() - 60 })],
    ['no exp', () => provider.sign(rsa, { ...claims, exp: undefined })],
    ['nbf in the future', () => provider.sign(rsa, { ...claims, nbf: now() + 600 })],
    ['a participant without a group', () => provider.sign(ec, { ...claims, group: undefined })],
    ['an unknown role', () => provider.sign(ec, { ...claims, role: 'admin' })],
    ['an unknown kid', async () => provider.sign(await provider.newKey('RS256', 'never-published', false), claims)],
    ['a known kid but another key', async () => provider.sign({ ...(await provider.newKey('RS256', 'x', false)), kid: 'rsa-1' }, claims)],
    ['HS256, even signed with the public key', async () => jwt.sign({ ...claims, iss: provider.issuer, aud: provider.audience }, JSON.stringify(rsa.jwk), { algorithm: 'HS256', expiresIn: 60, keyid: 'rsa-1' })],
  ];
  it.each(bad)('refuses %s', async (_label, make) => {
    await expect(verifier.callerOf(`Bearer ${await make()}`)).rejects.toBeInstanceOf(Unauthorized);
  });

  it('picks up a key added to the set later (rotation by kid)', async () => {
    const rotated = await provider.newKey('ES256', 'ec-2');
    await new Promise((done) => setTimeout(done, 250));
    await expect(verifier.callerOf(`Bearer ${await provider.sign(rotated, claims)}`)).resolves.toMatchObject({ sub: 'oidc|42' });
  });

  it('answers "provider unavailable", not "bad token", when the key set cannot be fetched', async () => {
    const lost = new JwksTokenVerifier({ jwksUrl: `${provider.baseUrl}/missing`, issuer: provider.issuer, audience: provider.audience });
    await expect(lost.callerOf(`Bearer ${await provider.sign(rsa, claims)}`)).rejects.toBeInstanceOf(TokenProviderUnavailable);
  });
});
