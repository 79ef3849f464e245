import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { JWK, JWTPayload, SignJWT, exportJWK, generateKeyPair } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** A signing key of the provider: its `kid`, algorithm and private half. */
export interface ProviderKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: PrivateKey;
  jwk: JWK;
}

/**
 * A minimal OpenID Connect token provider for tests: a real HTTP server on 127.0.0.1 that serves
 * its key set at `/jwks` (counting fetches), and signs tokens with any of its keys.
 */
export class TokenProvider {
  readonly issuer: string;
  readonly audience = 'consult-api';
  readonly published: ProviderKey[] = [];
  fetches = 0;
  lastFetchAt = 0;

  private constructor(private readonly server: Server, readonly baseUrl: string) {
    this.issuer = `${baseUrl}/realm`;
  }

  static async start(): Promise<TokenProvider> {
    let provider: TokenProvider | undefined;
    const server = createServer((request, response) => {
      if (request.url !== '/jwks' || !provider) return void response.writeHead(404).end();
      provider.fetches += 1;
      provider.lastFetchAt = Date.now();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: provider.published.map((key) => key.jwk) }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    provider = new TokenProvider(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return provider;
  }

  get jwksUrl(): string {
    return `${this.baseUrl}/jwks`;
  }

  /** A new key pair; published in the key set unless `publish` is false. */
  async newKey(alg: ProviderKey['alg'], kid: string, publish = true): Promise<ProviderKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const key: ProviderKey = { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
    if (publish) this.published.push(key);
    return key;
  }

  /** A token signed with `key`, from this issuer for this audience, valid ten minutes unless `claims` say otherwise. */
  async sign(key: ProviderKey, claims: JWTPayload & Record<string, unknown>, header: { kid?: string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: this.issuer, aud: this.audience, iat: now, exp: now + 600, ...claims };
    return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
  }

  close(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }
}
