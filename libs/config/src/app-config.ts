import {
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidationArguments,
} from 'class-validator';
import { isIP } from 'node:net';
import { ENV_NAMES, ConfigProperty } from './env-names';

export const EVENT_STORE_KINDS = ['sqlite', 'postgres', 'kurrentdb'] as const;
export type EventStoreKind = (typeof EVENT_STORE_KINDS)[number];
export const CLOCK_KINDS = ['system', 'manual'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];
export const BACKGROUND_MODES = ['on', 'off'] as const;
export type BackgroundMode = (typeof BACKGROUND_MODES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const env = (a: ValidationArguments) => ENV_NAMES[a.property as ConfigProperty] ?? a.property;
/** Echoes the bad value, with any URL credentials masked. */
const got = (a: ValidationArguments) =>
  `(got ${JSON.stringify(typeof a.value === 'string' ? a.value.replace(/\/\/[^/@\s]*@/, '//***@') : a.value)})`;
/** Builds a one-line message `<ENV> <problem> (got "<value>")`. */
const says = (problem: string) => (a: ValidationArguments) => `${env(a)} ${problem} ${got(a)}`;
const requiredWhen = (kind: EventStoreKind) => (a: ValidationArguments) =>
  `${env(a)} is required when CONSULT_EVENT_STORE=${kind}`;

/** `true`, a hop count, or addresses / CIDR ranges Fastify will accept (it throws at start-up on others). */
function isTrustProxy(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value === 'true' || /^\d{1,2}$/.test(value)) return true;
  return value.split(',').every((part) => {
    const [address, prefix, ...rest] = part.trim().split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
}

const PORT_PROBLEM = says('must be an integer between 1 and 65535');

/**
 * The engine's settings, read once from the environment at start-up (see `loadConfig`).
 * Property order is the order problems are reported in.
 */
export class AppConfig {
  @IsIn(LOG_LEVELS, { message: says(`must be one of ${LOG_LEVELS.join(', ')}`) })
  logLevel: LogLevel = 'info';

  @IsInt({ message: PORT_PROBLEM })
  @Min(1, { message: PORT_PROBLEM })
  @Max(65535, { message: PORT_PROBLEM })
  port: number = 3000;

  /** Interface the HTTP server binds to; `0.0.0.0` so it is reachable inside a container. */
  @IsString()
  @IsNotEmpty({ message: says('must not be empty') })
  host: string = '0.0.0.0';

  nodeEnv: string = 'development';

  @IsIn(EVENT_STORE_KINDS, { message: says(`must be one of ${EVENT_STORE_KINDS.join(', ')}`) })
  eventStore: EventStoreKind = 'sqlite';

  @IsString()
  @IsNotEmpty({ message: says('must not be empty') })
  sqlitePath: string = './data/consult.db';

  @ValidateIf((c: AppConfig) => c.eventStore === 'postgres' || c.databaseUrl !== undefined)
  @IsDefined({ message: requiredWhen('postgres') })
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: says('must be a postgres:// or postgresql:// URL') })
  databaseUrl?: string;

  /** PostgreSQL schema for events and read models (an extension of DESIGN.md; default `public`). */
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: says('must be a lower-case SQL identifier') })
  databaseSchema?: string;

  @ValidateIf((c: AppConfig) => c.eventStore === 'kurrentdb' || c.kurrentdbUrl !== undefined)
  @IsDefined({ message: requiredWhen('kurrentdb') })
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\/\S+$/, {
    message: says('must be an esdb://, esdb+discover:// or kurrentdb:// URL'),
  })
  kurrentdbUrl?: string;

  @IsString()
  @MinLength(32, { message: (a) => `${env(a)} must be at least 32 characters (got ${String(a.value).length})` })
  jwtSecret: string;

  /** True when no secret was configured and a random one was generated for this process. */
  jwtSecretGenerated = false;

  @IsIn(CLOCK_KINDS, { message: says(`must be one of ${CLOCK_KINDS.join(', ')}`) })
  clock: ClockKind = 'system';

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: says('must be an smtp:// or smtps:// URL') })
  smtpUrl?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  webhookSecret?: string;

  /** OpenID Connect: RS256/ES256 tokens checked against this JWKS instead of the HS256 secret. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: says('must be an http:// or https:// URL') })
  jwtJwksUrl?: string;

  @ValidateIf((c: AppConfig) => c.jwtJwksUrl !== undefined || c.jwtIssuer !== undefined)
  @IsDefined({ message: (a) => `${env(a)} is required when CONSULT_JWT_JWKS_URL is set` })
  @IsString()
  @IsNotEmpty({ message: says('must not be empty') })
  jwtIssuer?: string;

  @ValidateIf((c: AppConfig) => c.jwtJwksUrl !== undefined || c.jwtAudience !== undefined)
  @IsDefined({ message: (a) => `${env(a)} is required when CONSULT_JWT_JWKS_URL is set` })
  @IsString()
  @IsNotEmpty({ message: says('must not be empty') })
  jwtAudience?: string;

  /** Origins allowed by CORS, comma-separated; none (CORS closed) by default. */
  @IsOptional()
  @Matches(/^(\*|https?:\/\/[^\s,]+(\s*,\s*https?:\/\/[^\s,]+)*)$/, { message: says('must be * or a comma-separated list of http(s) origins') })
  corsOrigins?: string;

  /** Requests a minute per token or IP address on /api paths. */
  @IsInt({ message: says('must be a positive integer') })
  @Min(1, { message: says('must be a positive integer') })
  rateLimit: number = 600;

  /** Proxies whose X-Forwarded-For is believed: `true`, a hop count, or addresses/CIDRs (an addition to DESIGN's settings). */
  @IsOptional()
  @ValidateBy({ name: 'trustProxy', validator: { validate: isTrustProxy } }, { message: says('must be true, a hop count, or a comma-separated list of addresses or CIDR ranges') })
  trustProxy?: string;

  /** Where people reach the engine: links in e-mails and calendars, the audit log's origin. */
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: says('must be an http:// or https:// URL') })
  publicUrl: string = 'http://localhost:3000';

  /** Ed25519 private key (PKCS#8 PEM) signing audit checkpoints; a development key is kept under ./data when unset. */
  @IsOptional()
  @Matches(/-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/, { message: (a) => `${env(a)} must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)` })
  signingKey?: string;

  /** A signed audit checkpoint after this many new events (an addition to DESIGN's settings). */
  @IsInt({ message: says('must be a positive integer') })
  @Min(1, { message: says('must be a positive integer') })
  checkpointEvery: number = 1000;

  /** ... or after this many minutes when any event is new (an addition to DESIGN's settings). */
  @IsInt({ message: says('must be a positive integer') })
  @Min(1, { message: says('must be a positive integer') })
  checkpointMinutes: number = 10;

  /** `on`: this process runs the background work (deadlines, reminders, notifications); `off`: workers do. */
  @IsIn(BACKGROUND_MODES, { message: says(`must be one of ${BACKGROUND_MODES.join(', ')}`) })
  background: BackgroundMode = 'on';

  /** The From address of e-mail notifications. */
  @IsString()
  @IsNotEmpty({ message: says('must not be empty') })
  mailFrom: string = 'Consultations <consultations@localhost>';

  /** Webhook hosts allowed although private or loopback (comma-separated host names or addresses). */
  @IsOptional()
  @Matches(/^[^\s,]+(\s*,\s*[^\s,]+)*$/, { message: says('must be a comma-separated list of host names or addresses') })
  webhookAllowedHosts?: string;

  get production(): boolean {
    return this.nodeEnv === 'production';
  }
}
