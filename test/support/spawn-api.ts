import { SpawnedApp, freePort, spawnApp } from './spawn-app';

/** A running api, reachable at `baseUrl`. */
export interface RunningApi extends SpawnedApp {
  port: number;
  baseUrl: string;
}

/** What tests send without meaning to test throttling: far above any test's volume. */
export const UNTHROTTLED_RATE_LIMIT = '1000000';

/**
 * Starts the api on a free port and waits until `GET /health` answers (any status). Tests drive
 * many requests with one token from one address, so the rate limit is lifted unless `env` sets one.
 */
export async function startApi(env: Record<string, string | undefined> = {}, timeoutMs = 30_000): Promise<RunningApi> {
  const port = await freePort();
  const app = spawnApp('api', { HOST: '127.0.0.1', CONSULT_RATE_LIMIT: UNTHROTTLED_RATE_LIMIT, ...env, PORT: String(port) });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/health`, app, timeoutMs);
  return Object.assign(app, { port, baseUrl });
}

/** Polls `url` until it answers; fails early, with the app's output, if the process ends first. */
export async function waitForHttp(url: string, app: SpawnedApp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended: number | string | undefined;
  void app.exited.then((code) => (ended = code));
  while (Date.now() < deadline) {
    if (ended !== undefined) throw new Error(`the app exited (${ended}) before answering ${url}\n${describeOutput(app)}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 150));
    }
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms\n${describeOutput(app)}`);
}

/** Runs an app that is expected to stop by itself (bad configuration); resolves when it has. */
export async function runUntilExit(
  app: SpawnedApp,
  timeoutMs = 30_000,
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const timeout = new Promise<never>((_, fail) =>
    setTimeout(() => fail(new Error(`still running after ${timeoutMs} ms\n${describeOutput(app)}`)), timeoutMs).unref(),
  );
  const code = await Promise.race([app.exited, timeout]);
  return { code, ...app.output };
}

function describeOutput(app: SpawnedApp): string {
  return `--- stdout\n${app.output.stdout.slice(-4000)}\n--- stderr\n${app.output.stderr.slice(-4000)}`;
}
