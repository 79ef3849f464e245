import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config';
import { ConfigError } from './config.error';

const SECRET = 'x'.repeat(32);
const quiet = { warn: () => undefined };
const load = (env: Record<string, string | undefined>) => loadConfig({ CONSULT_JWT_SECRET: SECRET, ...env }, quiet);

function problemOf(env: Record<string, string | undefined>, options = quiet): ConfigError {
  try {
    loadConfig(env, options);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
const problem = (env: Record<string, string | undefined>) => problemOf({ CONSULT_JWT_SECRET: SECRET, ...env });

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = load({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      eventStore: 'sqlite',
      sqlitePath: './data/consult.db',
      clock: 'system',
      logLevel: 'info',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.smtpUrl).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = load({
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      CONSULT_EVENT_STORE: 'postgres',
      CONSULT_SQLITE_PATH: '/tmp/x.db',
      CONSULT_DATABASE_URL: 'postgresql://u:p@db:5432/consult',
      CONSULT_KURRENTDB_URL: 'esdb+discover://cluster:2113?tls=false',
      CONSULT_CLOCK: 'manual',
      CONSULT_SMTP_URL: 'smtps://mail.example.org:465',
      CONSULT_WEBHOOK_SECRET: 'shh',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'debug',
      eventStore: 'postgres',
      sqlitePath: '/tmp/x.db',
      databaseUrl: 'postgresql://u:p@db:5432/consult',
      kurrentdbUrl: 'esdb+discover://cluster:2113?tls=false',
      clock: 'manual',
      smtpUrl: 'smtps://mail.example.org:465',
      webhookSecret: 'shh',
      jwtSecret: SECRET,
      jwtSecretGenerated: false,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(load({ PORT: '', CONSULT_EVENT_STORE: '' })).toMatchObject({ port: 3000, eventStore: 'sqlite' });
  });

  it('names an unknown event store kind and the value given', () => {
    expect(problem({ CONSULT_EVENT_STORE: 'mysql' }).message).toBe(
      'CONSULT_EVENT_STORE must be one of sqlite, postgres, kurrentdb (got "mysql")',
    );
  });

  it.each([['abc'], ['0'], ['65536'], ['3.5']])('rejects PORT=%s', (port) => {
    const error = problem({ PORT: port });
    expect(error.variable).toBe('PORT');
    expect(error.message).toMatch(/^PORT must be an integer between 1 and 65535 \(got /);
  });

  it('requires CONSULT_DATABASE_URL for the postgres store', () => {
    expect(problem({ CONSULT_EVENT_STORE: 'postgres' }).message).toBe(
      'CONSULT_DATABASE_URL is required when CONSULT_EVENT_STORE=postgres',
    );
  });

  it('rejects a CONSULT_DATABASE_URL that is not a postgres URL, masking its credentials', () => {
    const error = problem({ CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(error.message).toBe('CONSULT_DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://***@db/x")');
  });

  it('checks CONSULT_DATABASE_URL even when it only serves read models', () => {
    expect(problem({ CONSULT_DATABASE_URL: 'http://db' }).variable).toBe('CONSULT_DATABASE_URL');
  });

  it('requires CONSULT_KURRENTDB_URL for the kurrentdb store', () => {
    expect(problem({ CONSULT_EVENT_STORE: 'kurrentdb' }).message).toBe(
      'CONSULT_KURRENTDB_URL is required when CONSULT_EVENT_STORE=kurrentdb',
    );
  });

  it.each([['esdb://a:2113,b:2113?tls=false'], ['kurrentdb://a:2113'], ['esdb+discover://a:2113']])(
    'accepts the KurrentDB URL %s',
    (url) => {
      expect(load({ CONSULT_EVENT_STORE: 'kurrentdb', CONSULT_KURRENTDB_URL: url }).kurrentdbUrl).toBe(url);
    },
  );

  it('rejects a KurrentDB URL of another scheme', () => {
    const error = problem({ CONSULT_EVENT_STORE: 'kurrentdb', CONSULT_KURRENTDB_URL: 'http://a:2113' });
    expect(error.message).toMatch(/^CONSULT_KURRENTDB_URL must be an esdb:\/\//);
  });

  it.each([['CONSULT_RATE_LIMIT', '0'], ['CONSULT_RATE_LIMIT', 'many'], ['CONSULT_CHECKPOINT_EVERY', '-1'], ['CONSULT_TRUST_PROXY', 'yes please'], ['CONSULT_TRUST_PROXY', 'bad'], ['CONSULT_TRUST_PROXY', '10.0.0.0/99'],
    ['CONSULT_CORS_ORIGINS', 'example.org'], ['CONSULT_PUBLIC_URL', 'ftp://x'], ['CONSULT_SIGNING_KEY', 'not a pem']])('names %s=%s', (variable, value) => {
    expect(problem({ [variable]: value }).message).toMatch(new RegExp(`^${variable} `));
  });

  it('reads the hardening and audit settings', () => {
    expect(load({ CONSULT_RATE_LIMIT: '50', CONSULT_TRUST_PROXY: '10.0.0.0/8, ::1', CONSULT_CORS_ORIGINS: 'https://a.org, https://b.org', CONSULT_CHECKPOINT_EVERY: '10' }))
      .toMatchObject({ rateLimit: 50, trustProxy: '10.0.0.0/8, ::1', corsOrigins: 'https://a.org, https://b.org', checkpointEvery: 10 });
  });

  it('reads the background and notification settings, background work on by default', () => {
    expect(load({})).toMatchObject({ background: 'on' });
    const pg = { CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: 'postgres://localhost/x' };
    expect(load({ ...pg, CONSULT_BACKGROUND: 'off', CONSULT_MAIL_FROM: 'ITU <c@itu.int>', CONSULT_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, hooks.local' }))
      .toMatchObject({ background: 'off', mailFrom: 'ITU <c@itu.int>', webhookAllowedHosts: '127.0.0.1, hooks.local' });
    expect(problem({ CONSULT_BACKGROUND: 'later' }).message).toBe('CONSULT_BACKGROUND must be one of on, off (got "later")');
  });

  it('refuses CONSULT_BACKGROUND=off on SQLite, which serves one process', () => {
    expect(problem({ CONSULT_BACKGROUND: 'off' }).message).toMatch(/^CONSULT_BACKGROUND=off needs CONSULT_EVENT_STORE=postgres/);
  });

  it('refuses CONSULT_BACKGROUND=off with the manual clock, which one process sets and acts on', () => {
    const pg = { CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: 'postgres://localhost/x' };
    expect(problem({ ...pg, CONSULT_BACKGROUND: 'off', CONSULT_CLOCK: 'manual' }).message).toMatch(/^CONSULT_BACKGROUND=off cannot be used with CONSULT_CLOCK=manual/);
  });

  it('rejects an unknown clock', () => {
    expect(problem({ CONSULT_CLOCK: 'fast' }).message).toBe('CONSULT_CLOCK must be one of system, manual (got "fast")');
  });

  it('rejects an SMTP URL of another scheme', () => {
    expect(problem({ CONSULT_SMTP_URL: 'http://mail' }).message).toBe(
      'CONSULT_SMTP_URL must be an smtp:// or smtps:// URL (got "http://mail")',
    );
  });

  it('rejects a short JWT secret without echoing it', () => {
    const error = problemOf({ CONSULT_JWT_SECRET: 'too-short' });
    expect(error.message).toBe('CONSULT_JWT_SECRET must be at least 32 characters (got 9)');
  });

  describe('without CONSULT_JWT_SECRET, outside production', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'consult-config-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const inDir = (env: Record<string, string> = {}) => ({ CONSULT_SQLITE_PATH: join(dir, 'data', 'consult.db'), ...env });

    it('generates a secret, keeps it beside the SQLite data (0600) and warns once, in one line naming the file', () => {
      const warnings: string[] = [];
      const config = loadConfig(inDir(), { warn: (line) => warnings.push(line) });
      const file = join(dir, 'data', 'jwt-secret');
      expect(config.jwtSecretGenerated).toBe(true);
      expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
      expect(readFileSync(file, 'utf8').trim()).toBe(config.jwtSecret);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(warnings).toEqual([expect.stringMatching(/^warning: CONSULT_JWT_SECRET is not set; using the development secret kept in /)]);
      expect(warnings[0]).toContain(file);
      expect(warnings[0]).not.toContain('\n');
    });

    it('uses the same secret on every start, so the api and the token command agree', () => {
      expect(loadConfig(inDir(), quiet).jwtSecret).toBe(loadConfig(inDir({ PORT: '4000' }), quiet).jwtSecret);
    });

    it('keeps a secret the operator wrote there', () => {
      mkdirSync(join(dir, 'data'));
      writeFileSync(join(dir, 'data', 'jwt-secret'), `${'k'.repeat(40)}\n`);
      expect(loadConfig(inDir(), quiet).jwtSecret).toBe('k'.repeat(40));
    });

    it('refuses a kept secret that is too short, naming the file', () => {
      mkdirSync(join(dir, 'data'));
      writeFileSync(join(dir, 'data', 'jwt-secret'), 'short');
      const error = problemOf(inDir());
      expect(error.variable).toBe('CONSULT_JWT_SECRET');
      expect(error.message).toContain(join(dir, 'data', 'jwt-secret'));
    });

    it('generates a different secret each start for an in-memory store, and writes nothing', () => {
      const env = { CONSULT_SQLITE_PATH: ':memory:' };
      expect(loadConfig(env, quiet).jwtSecret).not.toBe(loadConfig(env, quiet).jwtSecret);
      expect(existsSync(join(process.cwd(), 'jwt-secret'))).toBe(false);
    });

    it('needs no secret, and keeps none, when tokens come from an OpenID Connect provider', () => {
      const warnings: string[] = [];
      const jwks = { CONSULT_JWT_JWKS_URL: 'https://id.example/jwks', CONSULT_JWT_ISSUER: 'https://id.example', CONSULT_JWT_AUDIENCE: 'consult' };
      expect(loadConfig(inDir({ ...jwks, NODE_ENV: 'production' }), { warn: (line) => warnings.push(line) }).jwtJwksUrl).toBe(jwks.CONSULT_JWT_JWKS_URL);
      expect(warnings).toEqual([]);
      expect(existsSync(join(dir, 'data', 'jwt-secret'))).toBe(false);
    });
  });

  it('refuses to start in production without a JWT secret', () => {
    expect(problemOf({ NODE_ENV: 'production' }).message).toBe(
      'CONSULT_JWT_SECRET is required when NODE_ENV=production',
    );
  });

  it('reports problems as a single line', () => {
    for (const env of [{ PORT: 'x' }, { CONSULT_EVENT_STORE: 'x' }, { LOG_LEVEL: 'loud' }]) {
      expect(problem(env).message).not.toContain('\n');
    }
  });
});
