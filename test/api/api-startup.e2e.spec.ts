import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnApp, stopAll, tempDir } from '../support/spawn-app';
import { RunningApi, runUntilExit, startApi } from '../support/spawn-api';

jest.setTimeout(60_000);

describe('the api started as a user starts it (npm start)', () => {
  const data = tempDir();
  const dbPath = join(data.path, 'nested', 'consult.db');
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: dbPath, CONSULT_EVENT_STORE: undefined });
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('reports health with the embedded SQLite store, creating its file', async () => {
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      eventStore: { kind: 'sqlite', headPosition: expect.any(Number) },
      clock: 'system',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      projections: expect.objectContaining({ lag: expect.any(Number), parked: 0, degraded: false }),
    });
    expect(existsSync(dbPath)).toBe(true);
  });

  it('serves the Swagger UI at /api/docs', async () => {
    const response = await fetch(`${api.baseUrl}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toMatch(/swagger/i);
  });

  it('serves the OpenAPI document at /api/docs-json, describing /health', async () => {
    const response = await fetch(`${api.baseUrl}/api/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; info: unknown; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(document.paths['/health']).toBeDefined();
  });

  it('serves Prometheus metrics, including request durations', async () => {
    await fetch(`${api.baseUrl}/health`);
    const response = await fetch(`${api.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/health",status_code="200"\} \d+/);
  });

  it('answers an unknown route with the error shape', async () => {
    const response = await fetch(`${api.baseUrl}/no-such-route`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
  });
});

describe('the api with a bad configuration', () => {
  afterAll(stopAll);

  it('exits with code 1 and one stderr line naming CONSULT_EVENT_STORE', async () => {
    const { code, stderr } = await runUntilExit(spawnApp('api', { CONSULT_EVENT_STORE: 'mysql' }));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toEqual(['config error: CONSULT_EVENT_STORE must be one of sqlite, postgres, kurrentdb (got "mysql")']);
  });

  it('exits with code 1 naming CONSULT_DATABASE_URL when postgres is chosen without it', async () => {
    const { code, stderr } = await runUntilExit(
      spawnApp('api', { CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: undefined }),
    );
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('config error: CONSULT_DATABASE_URL is required when CONSULT_EVENT_STORE=postgres');
  });
});

describe('the api on PostgreSQL', () => {
  const databaseUrl = process.env.CONSULT_TEST_DATABASE_URL;

  afterAll(stopAll);

  it('starts with CONSULT_EVENT_STORE=postgres and reports it in /health', async () => {
    if (!databaseUrl) {
      throw new Error('CONSULT_TEST_DATABASE_URL is not set: point it at a PostgreSQL database (see .ci/run)');
    }
    const api = await startApi({ CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: databaseUrl });
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', eventStore: { kind: 'postgres' } });
  });
});
