/** The environment variable behind each `AppConfig` property (used in error messages). */
export const ENV_NAMES = {
  port: 'PORT',
  host: 'HOST',
  nodeEnv: 'NODE_ENV',
  logLevel: 'LOG_LEVEL',
  eventStore: 'CONSULT_EVENT_STORE',
  sqlitePath: 'CONSULT_SQLITE_PATH',
  databaseUrl: 'CONSULT_DATABASE_URL',
  databaseSchema: 'CONSULT_DATABASE_SCHEMA',
  kurrentdbUrl: 'CONSULT_KURRENTDB_URL',
  jwtSecret: 'CONSULT_JWT_SECRET',
  clock: 'CONSULT_CLOCK',
  smtpUrl: 'CONSULT_SMTP_URL',
  webhookSecret: 'CONSULT_WEBHOOK_SECRET',
  jwtJwksUrl: 'CONSULT_JWT_JWKS_URL',
  jwtIssuer: 'CONSULT_JWT_ISSUER',
  jwtAudience: 'CONSULT_JWT_AUDIENCE',
  corsOrigins: 'CONSULT_CORS_ORIGINS',
  rateLimit: 'CONSULT_RATE_LIMIT',
  trustProxy: 'CONSULT_TRUST_PROXY',
  publicUrl: 'CONSULT_PUBLIC_URL',
  signingKey: 'CONSULT_SIGNING_KEY',
  checkpointEvery: 'CONSULT_CHECKPOINT_EVERY',
  checkpointMinutes: 'CONSULT_CHECKPOINT_MINUTES',
} as const;

export type ConfigProperty = keyof typeof ENV_NAMES;
