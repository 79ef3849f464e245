import { randomBytes } from 'node:crypto';
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
  if (raw.jwtSecret === undefined && nodeEnv === 'production') {
    throw new ConfigError('CONSULT_JWT_SECRET', 'CONSULT_JWT_SECRET is required when NODE_ENV=production');
  }
  const generated = raw.jwtSecret === undefined;
  if (generated) raw.jwtSecret = randomBytes(32).toString('base64url');

  const config = plainToInstance(AppConfig, withoutUndefined({ ...raw, nodeEnv, jwtSecretGenerated: generated }));
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) throw toConfigError(errors[0]);

  if (generated) {
    warn(
      `warning: CONSULT_JWT_SECRET is not set; using a random secret for this process only ` +
        `(tokens will not survive a restart; set it to a fixed value of 32+ characters): ${config.jwtSecret}`,
    );
  }
  return config;
}

function readEnv(env: Env): Partial<Record<ConfigProperty, string | number>> & { jwtSecret?: string; nodeEnv?: string } {
  const out: Record<string, string | number | undefined> = {};
  for (const [property, name] of Object.entries(ENV_NAMES)) {
    const value = env[name]?.trim();
    out[property] = value === '' ? undefined : value;
  }
  // An integer-looking PORT or CONSULT_RATE_LIMIT becomes a number; anything else stays a string and fails validation.
  for (const key of ['port', 'rateLimit'] as const) {
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
