import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { participant } from '../../libs/demo/src/timeline';
import { clientFor } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { REPO_ROOT, TEST_JWT_SECRET, stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(120_000);

const BRAZIL = participant('member-state', 'BRA');
const LAUNCH = { workflow: 'council-approval', title: { en: 'Numbering plan' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };

/** A webhook receiver answering with the status the test sets; counts what it received. */
function receiver(): { server: Server; answer: { status: number }; received: string[] } {
  const answer = { status: 410 };
  const received: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push(String(request.headers['webhook-id']));
      response.writeHead(answer.status).end();
    });
  });
  return { server, answer, received };
}

/** `npm run consult -- <args>` against the test's store. */
function consult(args: string[], env: Record<string, string>) {
  const run = spawnSync(process.execPath, ['-r', './tools/register.js', 'apps/cli/src/main.ts', ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 90_000, env: { ...process.env, CONSULT_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The value of one series on the api's `/metrics` (the exposition line `name{labels} value`), or undefined. */
async function metric(baseUrl: string, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('deliveries for the secretariat: list, redeliver, CLI', () => {
  const data = tempDir();
  const peer = receiver();
  const env = { CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' };
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let deadId: string;
  let minutes = 0;
  const tick = () => call('PUT', '/api/clock', 'secretariat', { now: new Date(Date.parse('2030-01-01T00:00:00Z') + ++minutes * 60_000).toISOString() });

  beforeAll(async () => {
    await new Promise<void>((listening) => peer.server.listen(0, '127.0.0.1', listening));
    api = await startApi(env);
    call = clientFor(api.baseUrl);
    await tick();
    const consultationId = (await call('POST', '/api/consultations', 'secretariat', LAUNCH)).body.id;
    const address = `http://127.0.0.1:${(peer.server.address() as AddressInfo).port}/hook`;
    expect((await call('POST', '/api/subscriptions', BRAZIL, { consultationId, channel: 'webhook', address, language: 'en' })).status).toBe(201);
    await call('POST', `/api/consultations/${consultationId}/commands`, 'secretariat', { type: 'publishDraft', payload: { documentRef: 'C26/1', version: '1' } });
    await call('GET', '/api/notifications', BRAZIL);
    await tick();
  });
  afterAll(async () => {
    await stopAll();
    peer.server.close();
    data.remove();
  });

  it('lists a delivery the receiver refused for good (410) as dead, with its attempt', async () => {
    const dead = await call('GET', '/api/deliveries?status=dead', 'secretariat');
    expect(dead.status).toBe(200);
    expect(dead.body.total).toBe(1);
    const [item] = dead.body.items;
    expect(item).toMatchObject({
      kind: 'notification', channel: 'webhook', status: 'dead', attempts: 1, type: 'draft.published', address: expect.stringMatching(/\/hook$/),
      sentAt: null, lastError: expect.stringMatching(/410/), attemptsLog: [{ attempt: 1, outcome: 'failed-permanently', at: expect.any(String), error: expect.any(String) }],
    });
    deadId = item.id;
    expect((await call('GET', '/api/deliveries?status=sent', 'secretariat')).body).toEqual({ total: 0, items: [] });
    expect((await call('GET', '/api/deliveries?status=lost', 'secretariat')).status).toBe(400);
  });

  it('counts deliveries by channel and status, and tries by outcome, on /metrics', async () => {
    expect(await metric(api.baseUrl, 'consult_deliveries{channel="webhook",status="dead"}')).toBe(1);
    expect(await metric(api.baseUrl, 'consult_deliveries{channel="webhook",status="sent"}')).toBeUndefined();
    expect(await metric(api.baseUrl, 'consult_delivery_attempts{channel="webhook",outcome="failed-permanently"}')).toBe(1);
  });

  it('lets only the secretariat read and redeliver', async () => {
    expect((await call('GET', '/api/deliveries', undefined)).status).toBe(401);
    expect((await call('GET', '/api/deliveries', BRAZIL)).status).toBe(403);
    expect((await call('GET', '/api/deliveries', 'auditor')).status).toBe(403);
    expect((await call('POST', `/api/deliveries/${deadId}/redeliver`, BRAZIL)).status).toBe(403);
    expect((await call('POST', '/api/deliveries/00000000-0000-4000-8000-000000000000/redeliver', 'secretariat')).status).toBe(404);
  });

  it('redelivers a dead delivery (due now; again while pending: 409), accepted once the receiver recovers', async () => {
    const queued = await call('POST', `/api/deliveries/${deadId}/redeliver`, 'secretariat');
    expect(queued).toMatchObject({ status: 200, body: { id: deadId, status: 'pending', attempts: 1 } });
    expect((await call('POST', `/api/deliveries/${deadId}/redeliver`, 'secretariat')).status).toBe(409);
    peer.answer.status = 204;
    await tick();
    const [sent] = (await call('GET', '/api/deliveries?status=sent', 'secretariat')).body.items;
    expect(sent).toMatchObject({ id: deadId, attempts: 2, sentAt: expect.any(String), attemptsLog: [{ outcome: 'failed-permanently' }, { outcome: 'accepted' }] });
    expect(new Set(peer.received).size).toBe(1);
    expect((await call('POST', `/api/deliveries/${deadId}/redeliver`, 'secretariat')).status).toBe(409);
    expect(await metric(api.baseUrl, 'consult_deliveries{channel="webhook",status="sent"}')).toBe(1);
    expect(await metric(api.baseUrl, 'consult_deliveries{channel="webhook",status="dead"}')).toBeUndefined();
    expect(await metric(api.baseUrl, 'consult_delivery_attempts{channel="webhook",outcome="accepted"}')).toBe(1);
  });

  it('prints the deliveries as a table with the CLI, filtered by status', async () => {
    await call('POST', '/api/subscriptions', BRAZIL, { channel: 'email', address: 'focal.point@example.gov', language: 'en' });
    const all = consult(['deliveries'], env);
    expect(all).toMatchObject({ code: 0 });
    const [heading, ...lines] = all.stdout.trim().split('\n');
    expect(heading.split(/\s{2,}/)).toEqual(['id', 'channel', 'status', 'attempts', 'last error', 'address']);
    expect(lines.find((line) => line.startsWith(deadId))).toMatch(/webhook\s+sent\s+2\s+.*\/hook$/);
    expect(lines.some((line) => /email \(confirm\)\s+pending\s+0\s+focal\.point@example\.gov$/.test(line))).toBe(true);
    const sentOnly = consult(['deliveries', '--status', 'sent'], env).stdout;
    expect(sentOnly).toContain(deadId);
    expect(sentOnly).not.toContain('focal.point');
    expect(consult(['deliveries', '--status', 'lost'], env).code).toBe(2);
  });
});
