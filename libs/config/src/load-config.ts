import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { AppConfig } from './app-config';
import { ConfigError } from './config.error';
import { ConfigProperty, ENV_NAMES } from './env-names';

export type Env = Record<string, string | undefined>;

/** Options of `loadConfig`; `warn` receives the one-line development warnings. */
export interface LoadConfigOptions {
  warn?: (line: string) => void;
}

/**
 * Reads and validates the configuration from `env`. Throws a `ConfigError` naming the
 * first bad variable. Empty variables count as unset.
 */
export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): AppConfig {
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const raw = readEnv(env);
  const nodeEnv = raw.nodeEnv ?? 'development';
  const generated = raw.jwtSecret === undefined ? developmentSecret(raw, nodeEnv) : undefined;
  if (generated) raw.jwtSecret = generated.secret;

  const config = plainToInstance(AppConfig, withoutUndefined({ ...raw, nodeEnv, jwtSecretGenerated: generated !== undefined }));
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) throw toConfigError(errors[0]);
  if (config.background === 'off' && config.eventStore === 'sqlite') {
    throw new ConfigError('CONSULT_BACKGROUND', 'CONSULT_BACKGROUND=off needs CONSULT_EVENT_STORE=postgres: SQLite serves one process, which runs the background work itself');
  }
  if (config.background === 'off' && config.clock === 'manual') {
    throw new ConfigError('CONSULT_BACKGROUND', 'CONSULT_BACKGROUND=off cannot be used with CONSULT_CLOCK=manual: the manual clock belongs to one process, which runs what falls due');
  }

  if (generated?.warning) warn(generated.warning);
  return config;
}

type RawEnv = ReturnType<typeof readEnv>;

/**
 * The HS256 secret when CONSULT_JWT_SECRET is unset. Outside production it is generated once and
 * kept beside the SQLite data (`<dir>/jwt-secret`, mode 0600), so the api, the worker and
 * `consult token` share it across restarts; an in-memory store gets one for this process only.
 * With CONSULT_JWT_JWKS_URL no HS256 token is accepted, so a throwaway secret will do.
 */
function developmentSecret(raw: RawEnv, nodeEnv: string): { secret: string; warning?: string } {
  const random = randomBytes(32).toString('base64url');
  if (raw.jwtJwksUrl !== undefined) return { secret: random };
  if (nodeEnv === 'production') {
    throw new ConfigError('CONSULT_JWT_SECRET', 'CONSULT_JWT_SECRET is required when NODE_ENV=production');
  }
  const sqlitePath = String(raw.sqlitePath ?? new AppConfig().sqlitePath);
  const notSet = 'warning: CONSULT_JWT_SECRET is not set; using';
  const fix = 'set CONSULT_JWT_SECRET to a fixed value of 32+ characters in production';
  if (sqlitePath === ':memory:') {
    return { secret: random, warning: `${notSet} a random secret for this process only (tokens will not survive a restart; ${fix}): ${random}` };
  }
  const file = join(dirname(sqlitePath), 'jwt-secret');
  const secret = keptSecret(file, random);
  return { secret, warning: `${notSet} the development secret kept in ${file} (the api, the worker and \`consult token\` share it; ${fix}): ${secret}` };
}

/** The secret in `file`, or `fresh` written there first. Linked into place, so concurrent starts agree on one. */
function keptSecret(file: string, fresh: string): string {
  const fail = (problem: string) => new ConfigError('CONSULT_JWT_SECRET', `CONSULT_JWT_SECRET is not set and ${problem}`);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length < 32) throw fail(`${file} holds fewer than 32 characters (delete it to generate a new one)`);
    return kept;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error instanceof ConfigError ? error : fail(`${file} cannot be read: ${(error as Error).message}`);
  }
  const temporary = `${file}.${process.pid}.${fresh.slice(0, 8)}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, `${fresh}\n`, { mode: 0o600 });
    linkSync(temporary, file);
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return keptSecret(file, fresh);
    throw fail(`the development secret cannot be kept in ${file}: ${(error as Error).message}`);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function readEnv(env: Env): Partial<Record<ConfigProperty, string | number>> & { jwtSecret?: string; nodeEnv?: string } {
  const out: Record<string, string | number | undefined> = {};
  for (const [property, name] of Object.entries(ENV_NAMES)) {
    const value = env[name]?.trim();
    out[property] = value === '' ? undefined : value;
  }
  // An integer-looking PORT or CONSULT_RATE_LIMIT becomes a number; anything else stays a string and fails validation.
  for (const key of ['port', 'rateLimit', 'checkpointEvery', 'checkpointMinutes'] as const) {
    const value = out[key];
    if (typeof value === 'string' && /^-?\d+$/.test(value)) out[key] = Number(value);
  }
  return out;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function toConfigError(error: ValidationError): ConfigError {
  const variable = ENV_NAMES[error.property as ConfigProperty] ?? error.property;
  const constraints = error.constraints ?? {};
  // "is required" beats "has the wrong shape" when a conditional variable is missing.
  const message = constraints.isDefined ?? Object.values(constraints)[0] ?? `${variable} is invalid`;
  const oneLine = message.startsWith(`${error.property} `) ? variable + message.slice(error.property.length) : message;
  return new ConfigError(variable, oneLine.replace(/\s*\n\s*/g, ' '));
}
