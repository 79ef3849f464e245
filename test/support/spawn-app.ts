import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root: every app is started from here, as `npm start` would. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The entry points a user starts (`npm start`, `npm run worker`). */
export const ENTRY_POINTS = {
  api: 'apps/api/src/main.ts',
  worker: 'apps/worker/src/main.ts',
} as const;

/** A JWT secret long enough to pass configuration; tests mint tokens with it. */
export const TEST_JWT_SECRET = 'e2e-test-secret-e2e-test-secret-0123456789';

/** A process started by a test, with everything it printed so far. */
export interface SpawnedApp {
  proc: ChildProcess;
  pid: number;
  output: { stdout: string; stderr: string };
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

const started = new Set<SpawnedApp>();

/** Starts an app the way a user does: `node -r ./tools/register.js <entry>` from the repository root. */
export function spawnApp(app: keyof typeof ENTRY_POINTS, env: Record<string, string | undefined>): SpawnedApp {
  return spawnScript([ENTRY_POINTS[app]], { CONSULT_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', ...env });
}

/** Starts `node -r ./tools/register.js <args>` from the repository root (an app, the CLI, a bench peer); `stopAll` ends it. */
export function spawnScript(args: string[], env: Record<string, string | undefined>): SpawnedApp {
  const proc = spawn(process.execPath, ['-r', './tools/register.js', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  proc.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | string>((done) =>
    proc.once('close', (code, signal) => done(code ?? signal ?? 'unknown')),
  );
  const spawned: SpawnedApp = {
    proc,
    pid: proc.pid ?? -1,
    output,
    exited,
    stop: () => stopProcess(spawned),
  };
  started.add(spawned);
  void exited.then(() => started.delete(spawned));
  return spawned;
}

/** Sends SIGTERM by pid, then SIGKILL if the process has not ended within `graceMs`. */
export async function stopProcess(app: SpawnedApp, graceMs = 5000): Promise<void> {
  if (app.proc.exitCode !== null || app.proc.signalCode !== null) return;
  process.kill(app.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (app.proc.exitCode === null && app.proc.signalCode === null) process.kill(app.pid, 'SIGKILL');
  }, graceMs);
  await app.exited;
  clearTimeout(timer);
}

/** Stops every process this test file started and has not seen end (call it in `afterAll`). */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((app) => stopProcess(app)));
}

/** A TCP port nobody is listening on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** A fresh temporary directory, removed by the returned `remove()`. */
export function tempDir(prefix = 'consult-e2e-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
