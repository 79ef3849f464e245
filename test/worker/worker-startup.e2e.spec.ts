import { join } from 'node:path';
import { spawnApp, stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(60_000);

describe('the worker started as a user starts it (npm run worker)', () => {
  const data = tempDir();

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('opens the configured store, says it is ready, and stops cleanly on SIGTERM', async () => {
    const worker = spawnApp('worker', { CONSULT_SQLITE_PATH: join(data.path, 'consult.db'), LOG_LEVEL: 'info' });
    const deadline = Date.now() + 30_000;
    while (!/"msg":"ready \(event store: sqlite/.test(worker.output.stdout)) {
      if (Date.now() > deadline) throw new Error(`worker never said ready:\n${worker.output.stdout}\n${worker.output.stderr}`);
      if (worker.proc.exitCode !== null) throw new Error(`worker exited:\n${worker.output.stderr}`);
      await new Promise((done) => setTimeout(done, 100));
    }
    await worker.stop();
    expect(worker.output.stdout).toMatch(/sqlite event store closed/);
  });
});
