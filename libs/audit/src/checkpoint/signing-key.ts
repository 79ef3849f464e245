import { KeyObject, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DomainError } from '@consult/event-store';
import { rawPublicKey } from './signed-note';

/** The signing key is missing in production or is not a usable Ed25519 key. */
export class SigningKeyInvalid extends DomainError {
  readonly code = 'AUDIT.SIGNING_KEY_INVALID';
}

/** What decides which key signs the checkpoints. */
export interface SigningKeySettings {
  /** CONSULT_SIGNING_KEY: a PKCS#8 PEM Ed25519 private key. */
  signingKey?: string;
  /** CONSULT_SQLITE_PATH: the development key is kept in the same directory. */
  sqlitePath: string;
  production: boolean;
}

/** Where the development key lives: beside the SQLite file, under ./data by default. */
export function developmentKeyPath(sqlitePath: string): string {
  const dir = sqlitePath === ':memory:' ? './data' : dirname(sqlitePath);
  return join(dir, 'audit-signing-key.pem');
}

/**
 * The configured key, or outside production a development key made once and kept (mode 0600)
 * so that checkpoints stay verifiable across restarts. In production a missing key stops
 * start-up: a key made on the spot would sign notes no auditor could tie to the operator.
 */
export function loadSigningKey(settings: SigningKeySettings): KeyObject {
  if (settings.signingKey) return ed25519(settings.signingKey, 'CONSULT_SIGNING_KEY');
  if (settings.production) {
    throw new SigningKeyInvalid('CONSULT_SIGNING_KEY is required when NODE_ENV=production (an Ed25519 PKCS#8 PEM private key)');
  }
  const path = developmentKeyPath(settings.sqlitePath);
  if (existsSync(path)) return ed25519(readFileSync(path, 'utf8'), path);
  mkdirSync(dirname(path), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process (api and worker starting together) made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return ed25519(readFileSync(path, 'utf8'), path);
    throw error;
  }
  chmodSync(path, 0o600);
  return privateKey;
}

function ed25519(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new SigningKeyInvalid(`${source} is not a PKCS#8 PEM private key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyInvalid(`${source} must be an Ed25519 key (got ${key.asymmetricKeyType})`);
  rawPublicKey(key);
  return key;
}
