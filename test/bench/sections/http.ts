import { join } from 'node:path';
import { TokenService } from '@consult/auth';
import { openEventStore } from '@consult/event-store';
import { RunningApi, UNTHROTTLED_RATE_LIMIT, startApi, waitForHttp } from '../../support/spawn-api';
import { REPO_ROOT, SpawnedApp, TEST_JWT_SECRET, freePort, stopProcess } from '../../support/spawn-app';
import { spawn } from 'node:child_process';
import { BenchConfig, Row, SchemaRegistry, log, scratchDir } from '../lib/common';
import { openConsultation } from '../lib/consultations';
import { openLoop } from '../lib/open-loop';

interface Load {
  rate: number; achieved: number; p50: number; p99: number; errors: number; total: number;
}

/** Seeds `pool` open consultations straight into the api's SQLite file (the api projects them on start). */
async function seed(path: string, pool: number): Promise<string[]> {
  const store = await openEventStore({ kind: 'sqlite', sqlitePath: path });
  const launchedAt = new Date(Date.now() - 3_600_000).toISOString();
  const closesAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
  const ids: string[] = [];
  try {
    let next = 0;
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (next < pool) {
        next += 1;
        const history = openConsultation(launchedAt, closesAt);
        ids.push(history.id);
        await store.append(history.stream, history.events, { expectedRevision: 'no-stream' });
      }
    }));
  } finally {
    await store.close();
  }
  return ids;
}

/** Offers `rate` commands/s for `seconds`, each to the next consultation of the pool. */
async function offer(baseUrl: string, path: (id: string) => string, ids: string[], token: string, rate: number, seconds: number, counter: { n: number }): Promise<Load> {
  const startsAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const endsAt = new Date(Date.now() + 30 * 86_400_000 + 5_400_000).toISOString();
  return openLoop({
    url: baseUrl, rate, seconds, connections: Math.min(256, Math.max(16, rate / 8)),
    headers: { authorization: `Bearer ${token}` },
    request: () => {
      const n = counter.n++;
      return { path: path(ids[n % ids.length]), body: JSON.stringify({ type: 'scheduleMeeting', payload: { meetingId: `m${n}`, startsAt, endsAt, format: 'virtual' } }) };
    },
  });
}

/** Section 4: commands over HTTP at fixed arrival rates, beside a bare route on the same platform. */
export async function httpSection(config: BenchConfig, _schemas: SchemaRegistry): Promise<Row[]> {
  const dir = scratchDir();
  const sqlitePath = join(dir.path, 'consult.db');
  let api: RunningApi | undefined;
  let bare: SpawnedApp | undefined;
  const rows: Row[] = [];
  try {
    log(`\n[4] HTTP commands: seeding ${config.httpPool} open consultations, starting the api (SQLite, system clock)`);
    const ids = await seed(sqlitePath, config.httpPool);
    // BENCH_API_PROFILE=<dir> records a CPU profile of the api under load (see lib/cpu-profile-hook.js).
    const profile = process.env.BENCH_API_PROFILE ? { NODE_OPTIONS: `-r ${join(__dirname, '..', 'lib', 'cpu-profile-hook.js')}` } : {};
    // One token drives thousands of commands a second: lift the per-token rate limit.
    api = await startApi({ CONSULT_EVENT_STORE: 'sqlite', CONSULT_SQLITE_PATH: sqlitePath, CONSULT_CLOCK: 'system', LOG_LEVEL: 'error', CONSULT_RATE_LIMIT: UNTHROTTLED_RATE_LIMIT, ...profile });
    const token = new TokenService(TEST_JWT_SECRET).sign({ sub: 'secretariat:bench', role: 'secretariat', name: 'Bench' });
    // The list waits for the read models to catch up with the seeded events.
    await fetch(`${api.baseUrl}/api/consultations?q=none`, { signal: AbortSignal.timeout(120_000) });
    const port = await freePort();
    bare = spawnBare(port);
    await waitForHttp(`http://127.0.0.1:${port}/bare`, bare, 30_000);
    const counter = { n: 0 };
    // Warm both up (JIT, connections) before measuring.
    await offer(api.baseUrl, (id) => `/api/consultations/${id}/commands`, ids, token, 200, 1, counter);
    await offer(`http://127.0.0.1:${port}`, (id) => `/bare/${id}/commands`, ids, token, 200, 1, counter);
    for (const rate of config.httpRates) {
      const ours = await offer(api.baseUrl, (id) => `/api/consultations/${id}/commands`, ids, token, rate, config.httpSeconds, counter);
      const ceiling = await offer(`http://127.0.0.1:${port}`, (id) => `/bare/${id}/commands`, ids, token, rate, config.httpSeconds, counter);
      log(`  ${rate}/s offered: api ${Math.round(ours.achieved)}/s p50 ${ours.p50} ms p99 ${ours.p99} ms errors ${ours.errors}; bare ${Math.round(ceiling.achieved)}/s p50 ${ceiling.p50} ms p99 ${ceiling.p99} ms errors ${ceiling.errors}`);
      rows.push({
        section: '4 HTTP commands', test: `${rate} commands/s offered, p99 latency`, backend: 'http', unit: 'ms',
        ours: ours.p99, ceiling: ceiling.p99, higherIsBetter: false,
        ceilingLabel: 'bare NestJS+Fastify route, no store', durability: 'api on SQLite journal_mode=WAL, synchronous=FULL',
        target: rate === 2000 ? 'p99 < 20 ms, 0 errors' : undefined,
        met: rate === 2000 ? ours.p99 < 20 && ours.errors === 0 && ours.achieved >= 0.95 * rate : undefined,
        note: `achieved ${Math.round(ours.achieved)}/s (bare ${Math.round(ceiling.achieved)}/s), p50 ${ours.p50} ms (bare ${ceiling.p50} ms), errors ${ours.errors} of ${ours.total} (bare ${ceiling.errors})`,
        extra: { ours, ceiling },
      });
    }
  } finally {
    await api?.stop().catch(() => undefined);
    if (bare) await stopBare(bare);
    dir.remove();
  }
  return rows;
}

/** Starts test/bench/bare-api.ts as the api is started (node -r ./tools/register.js), on 127.0.0.1. */
function spawnBare(port: number): SpawnedApp {
  const proc = spawn(process.execPath, ['-r', './tools/register.js', 'test/bench/bare-api.ts'], {
    cwd: REPO_ROOT, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  proc.stdout?.on('data', (c: Buffer) => (output.stdout += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (output.stderr += c.toString()));
  const exited = new Promise<number | string>((done) => proc.once('close', (code, signal) => done(code ?? signal ?? 'unknown')));
  const app: SpawnedApp = { proc, pid: proc.pid ?? -1, output, exited, stop: () => stopProcess(app) };
  return app;
}

async function stopBare(app: SpawnedApp): Promise<void> {
  await app.stop().catch(() => undefined);
}
