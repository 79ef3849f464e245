import { join } from 'node:path';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '@consult/event-store/testing';
import { spawnApp, stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(90_000);

async function waitForOutput(app: ReturnType<typeof spawnApp>, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(app.output.stdout)) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${app.output.stdout}\n${app.output.stderr}`);
    if (app.proc.exitCode !== null) throw new Error(`exited:\n${app.output.stderr}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('the worker started as a user starts it (npm run worker)', () => {
  const data = tempDir();
  const url = testDatabaseUrl();
  const schema = uniqueSchema('e2e_worker');

  afterAll(async () => {
    await stopAll();
    data.remove();
    await dropSchemas(url, [schema]);
  });

  it('refuses SQLite in one line: one process serves a SQLite store and npm start runs the background work', async () => {
    const worker = spawnApp('worker', { CONSULT_SQLITE_PATH: join(data.path, 'consult.db') });
    expect(await worker.exited).toBe(1);
    expect(worker.output.stderr.trim()).toBe(
      'startup error: the worker needs CONSULT_EVENT_STORE=postgres: SQLite serves one process, and `npm start` runs the background work itself');
  });

  it('on PostgreSQL opens the store, says it is ready, and stops cleanly on SIGTERM', async () => {
    const worker = spawnApp('worker', {
      CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: url, CONSULT_DATABASE_SCHEMA: schema,
      CONSULT_SQLITE_PATH: join(data.path, 'consult.db'), LOG_LEVEL: 'info',
    });
    await waitForOutput(worker, /"msg":"ready \(event store: postgres/);
    await worker.stop();
    expect(worker.output.stdout).toMatch(/postgres event store closed/);
  });
});
