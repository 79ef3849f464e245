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

  it('generates a JWT secret outside production and warns once, in one line', () => {
    const warnings: string[] = [];
    const config = loadConfig({}, { warn: (line) => warnings.push(line) });
    expect(config.jwtSecretGenerated).toBe(true);
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/CONSULT_JWT_SECRET is not set/);
    expect(warnings[0]).not.toContain('\n');
  });

  it('generates a different secret each start', () => {
    expect(loadConfig({}, quiet).jwtSecret).not.toBe(loadConfig({}, quiet).jwtSecret);
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
