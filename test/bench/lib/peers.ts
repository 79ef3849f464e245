import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { log } from './common';

/** The peers live in their own folders: Emmett pins exact versions the root cannot take. */
export const PEERS_DIR = resolve(__dirname, '..', 'peers');

export type PeerName = 'emmett-sqlite' | 'emmett-postgresql';

const failures = new Map<PeerName, string>();

/**
 * Installs a peer folder from its lock file on first use (`npm ci --legacy-peer-deps`)
 * and returns a `require` rooted there, or undefined (with the reason printed) when it
 * cannot be installed: the run goes on without that peer's rows.
 */
export function peerRequire(name: PeerName): NodeRequire | undefined {
  if (failures.has(name)) return undefined;
  const dir = join(PEERS_DIR, name);
  if (!existsSync(join(dir, 'node_modules'))) {
    log(`installing bench peer ${name} (npm ci --legacy-peer-deps --prefix ${dir}; sqlite3 may compile for a minute or two) ...`);
    const started = Date.now();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['ci', '--legacy-peer-deps', '--no-audit', '--no-fund', '--prefix', dir], {
      stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 15 * 60_000,
    });
    if (result.status !== 0) {
      const reason = (result.error?.message ?? result.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
      failures.set(name, reason || `npm ci exited ${result.status}`);
      log(`  could not install ${name}: ${failures.get(name)} — its rows are left empty`);
      return undefined;
    }
    log(`  installed ${name} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return createRequire(join(dir, 'package.json'));
}

/** Loads a module from a peer folder; undefined (reason printed once) if that fails. */
export function loadPeer<T>(name: PeerName, moduleName: string): T | undefined {
  const req = peerRequire(name);
  if (!req) return undefined;
  try {
    return req(moduleName) as T;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (!failures.has(name)) log(`  could not load ${moduleName} from peer ${name}: ${reason} — its rows are left empty`);
    failures.set(name, reason);
    return undefined;
  }
}

export function peerFailure(name: PeerName): string | undefined {
  return failures.get(name);
}
