import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, SpawnedApp, TEST_JWT_SECRET, freePort, spawnScript, stopProcess, tempDir } from '../support/spawn-app';
import { ARTIFACTS_DIR, launchBrowser, openPage, saveScreenshot } from '../support/browser';

jest.setTimeout(240_000);

/** `npm run consult -- <args>` as a long-running process, stopped by its pid. */
function consultInBackground(args: string[], env: Record<string, string>): SpawnedApp {
  return spawnScript(['apps/cli/src/main.ts', ...args], { CONSULT_JWT_SECRET: TEST_JWT_SECRET, CONSULT_SMTP_URL: '', ...env });
}

/** Resolves once `pattern` appears in the app's stdout; fails with its output if it ends or takes too long. */
async function waitForLine(app: SpawnedApp, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  let ended: number | string | undefined;
  void app.exited.then((code) => (ended = code));
  while (Date.now() < deadline) {
    const found = pattern.exec(app.output.stdout);
    if (found) return found;
    if (ended !== undefined) break;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`no ${pattern} (exit: ${ended ?? 'still running'})\n--- stdout\n${app.output.stdout.slice(-3000)}\n--- stderr\n${app.output.stderr.slice(-3000)}`);
}

describe('consult demo all --serve', () => {
  const data = tempDir();
  let app: SpawnedApp;
  let port: number;
  let baseUrl: string;
  let ids: Record<string, string>;

  beforeAll(async () => {
    port = await freePort();
    app = consultInBackground(['demo', 'all', '--serve', '--data', `${data.path}/all.db`], { PORT: String(port) });
    await waitForLine(app, /^serving until Ctrl-C/m, 200_000);
    baseUrl = `http://127.0.0.1:${port}`;
    ids = Object.fromEntries([...app.output.stdout.matchAll(/^consultation ([0-9a-f-]{36}) \((\w+)\): \d+ steps/gm)].map((m) => [m[2], m[1]]));
  });

  afterAll(async () => {
    if (app) await stopProcess(app);
    data.remove();
  });

  it('plays the three seeds into one store, each verified, and prints where the dashboard is', () => {
    expect(Object.keys(ids).sort()).toEqual(['gca', 'wsis2019', 'wsis2020']);
    expect(app.output.stdout.match(/^audit: verified: /gm)).toHaveLength(3);
    expect(app.output.stdout).toContain(`dashboard: ${baseUrl}/ (Arabic, right to left: ${baseUrl}/?lang=ar)`);
    expect(app.output.stdout).toContain(`${baseUrl}/consultations/${ids.gca}?lang=ar`);
  });

  it('serves the api on PORT with every consultation played', async () => {
    const list: any = await (await fetch(`${baseUrl}/api/consultations`)).json();
    expect(list.items.map((c: { id: string }) => c.id).sort()).toEqual(Object.values(ids).sort());
    expect(list.items.find((c: { id: string }) => c.id === ids.gca).state).toBe('approved');
  });

  it('serves the dashboard through the same edge as npm start: CSP without inline script, compressed pages', async () => {
    for (const path of ['/', `/consultations/${ids.gca}`, `/consultations/${ids.gca}?lang=ar`]) {
      const response = await fetch(baseUrl + path, { headers: { 'accept-encoding': 'gzip' } });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      // fetch decodes the body; the header says how it travelled.
      expect(response.headers.get('content-encoding')).toBe('gzip');
      const html = await response.text();
      expect(html).toMatch(path.endsWith('lang=ar') ? /<html[^>]*\blang="ar"[^>]*>/ : /<html[^>]*\blang="en"[^>]*>/);
      if (path === '/') expect(html).toContain('id="consultations"');
      else expect(html).toContain('id="timeline"');
    }
  });

  it('shows the played story in Chromium without a console error, in English and Arabic (screenshots; README_SCREENSHOTS=1 refreshes the README\'s)', async () => {
    const dir = process.env.README_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs', 'screenshots') : join(ARTIFACTS_DIR, 'demo');
    const browser = await launchBrowser();
    try {
      for (const [name, path] of [['dashboard', '/'], ['consultation', `/consultations/${ids.gca}`]]) {
        for (const lang of ['en', 'ar']) {
          const watched = await openPage(browser, `${baseUrl}${path}?lang=${lang}`);
          await saveScreenshot(watched.page, `${name}-${lang}`, dir, false);
          watched.expectNoProblems();
          await watched.close();
        }
      }
    } finally {
      await browser.close();
    }
  });

  it('closes cleanly on SIGTERM: exit code 0', async () => {
    process.kill(app.pid, 'SIGTERM');
    expect(await app.exited).toBe(0);
  });
});

describe('consult demo --serve on a port that is taken', () => {
  it('says so, with what to do, and exits 1 without playing anything', async () => {
    const data = tempDir();
    const squatter = createServer();
    await new Promise<void>((done) => squatter.listen(0, '127.0.0.1', done));
    const port = (squatter.address() as { port: number }).port;
    try {
      const app = consultInBackground(['demo', 'wsis2020', '--serve', '--data', `${data.path}/w.db`], { PORT: String(port) });
      expect(await app.exited).toBe(1);
      expect(app.output.stderr).toContain(`consult: demo: port ${port} on 127.0.0.1 is in use`);
      expect(app.output.stdout).not.toMatch(/what happened/);
    } finally {
      squatter.close();
      data.remove();
    }
  });
});
