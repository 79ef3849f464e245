import { createHmac, generateKeyPairSync } from 'node:crypto';
import { participant } from '../../libs/demo/src/timeline';
import { clientFor } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { TEST_JWT_SECRET, stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(90_000);

const BRAZIL = participant('member-state', 'BRA');
const HOOK = { channel: 'webhook', address: 'https://hooks.example.org/consult', language: 'en' };

/** The link token, computed here from the JWT secret as DESIGN's scheme says, not by the engine's code. */
function linkToken(purpose: 'confirm' | 'unsubscribe', id: string): string {
  const key = createHmac('sha256', TEST_JWT_SECRET).update('consult/subscription-links/v1').digest();
  return createHmac('sha256', key).update(`${purpose}:${id}`).digest('base64url');
}

describe('subscription lifecycle over HTTP: webhook secrets, confirm and unsubscribe links', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  const page = async (method: string, path: string, init: RequestInit = {}) => {
    const response = await fetch(api.baseUrl + path, { method, ...init });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  const subscribeByEmail = async (address: string, language = 'en') =>
    (await call('POST', '/api/subscriptions', BRAZIL, { channel: 'email', address, language })).body.id as string;
  const statusOf = async (id: string) => (await call('GET', '/api/subscriptions', BRAZIL)).body.items.find((s: { id: string }) => s.id === id)?.status;

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
  });
  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('answers a webhook subscription with its whsec_ secret (again on an idempotent retry), never in the list', async () => {
    const headers = { 'idempotency-key': 'hook-secret' };
    const created = await call('POST', '/api/subscriptions', BRAZIL, HOOK, headers);
    expect(created).toMatchObject({ status: 201, body: { status: 'active', secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) } });
    expect((await call('POST', '/api/subscriptions', BRAZIL, HOOK, headers)).body.secret).toBe(created.body.secret);
    const other = await call('POST', '/api/subscriptions', BRAZIL, HOOK);
    expect(other.body.secret).not.toBe(created.body.secret);
    const listed = (await call('GET', '/api/subscriptions', BRAZIL)).body.items;
    expect(listed.some((s: object) => 'secret' in s)).toBe(false);
    expect((await call('POST', '/api/subscriptions', BRAZIL, { channel: 'email', address: 'a@example.org', language: 'en' })).body).not.toHaveProperty('secret');
  });

  it('confirms an e-mail subscription with its link (a page in its language), idempotently; a bad token reads as not found', async () => {
    const id = await subscribeByEmail('confirm.me@example.gov', 'fr');
    expect(await statusOf(id)).toBe('pending');
    expect((await page('GET', `/api/subscriptions/${id}/confirm?token=${linkToken('unsubscribe', id)}`)).status).toBe(404);
    expect((await page('GET', `/api/subscriptions/${id}/confirm`)).status).toBe(404);
    const confirmed = await page('GET', `/api/subscriptions/${id}/confirm?token=${linkToken('confirm', id)}`);
    expect(confirmed).toMatchObject({ status: 200, type: expect.stringMatching(/^text\/html/) });
    expect(confirmed.text).toMatch(/<html lang="fr"/);
    expect(confirmed.text).toContain('Abonnement confirmé');
    expect(confirmed.text).not.toMatch(/<script|style=/i);
    expect(await statusOf(id)).toBe('active');
    expect((await page('GET', `/api/subscriptions/${id}/confirm?token=${linkToken('confirm', id)}`)).status).toBe(200);
    const stranger = '00000000-0000-4000-8000-000000000000';
    expect((await page('GET', `/api/subscriptions/${stranger}/confirm?token=${linkToken('confirm', stranger)}`)).status).toBe(404);
  });

  it('shows an unsubscribe page on GET (a prefetching mail scanner unsubscribes nobody) whose form posts back', async () => {
    const id = await subscribeByEmail('prefetched@example.gov', 'ar');
    const shown = await page('GET', `/api/subscriptions/${id}/unsubscribe?token=${linkToken('unsubscribe', id)}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toMatch(/<html lang="ar" dir="rtl"/);
    expect(shown.text).toMatch(/<form method="post" action="unsubscribe\?token=[A-Za-z0-9_-]+">/);
    expect(shown.text).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await statusOf(id)).toBe('pending');
    expect((await page('GET', `/api/subscriptions/${id}/unsubscribe?token=wrong`)).status).toBe(404);
  });

  it('unsubscribes by the RFC 8058 one-click POST, cancelling the unsent confirmation; again: no change; a bad token: 404', async () => {
    const id = await subscribeByEmail('one.click@example.gov');
    const link = `/api/subscriptions/${id}/unsubscribe?token=${linkToken('unsubscribe', id)}`;
    const form = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' };
    expect((await page('POST', `/api/subscriptions/${id}/unsubscribe?token=${linkToken('confirm', id)}`, form)).status).toBe(404);
    const done = await page('POST', link, form);
    expect(done.status).toBe(200);
    expect(done.text).toContain('one.click@example.gov');
    expect(await statusOf(id)).toBeUndefined();
    const cancelled = (await call('GET', '/api/deliveries?status=cancelled', 'secretariat')).body.items;
    expect(cancelled).toContainEqual(expect.objectContaining({ subscriptionId: id, kind: 'confirmation', channel: 'email', attempts: 0 }));
    expect((await page('POST', link, form)).status).toBe(200);
    expect((await page('POST', `/api/subscriptions/${await subscribeByEmail('no.body@example.gov')}/unsubscribe?token=x`)).status).toBe(404);
  });

  it('unsubscribes by a POST with no body too', async () => {
    const id = await subscribeByEmail('no.body.either@example.gov');
    expect((await page('POST', `/api/subscriptions/${id}/unsubscribe?token=${linkToken('unsubscribe', id)}`)).status).toBe(200);
    expect(await statusOf(id)).toBeUndefined();
  });
});

describe('webhook targets in production (SSRF)', () => {
  const data = tempDir();
  let call: ReturnType<typeof clientFor>;

  beforeAll(async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const api = await startApi({
      NODE_ENV: 'production', CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_WEBHOOK_ALLOWED_HOSTS: 'hooks.internal.example',
      CONSULT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    call = clientFor(api.baseUrl);
  });
  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('refuses loopback and private targets with a 400 naming address, and accepts an allowed host', async () => {
    for (const address of ['http://127.0.0.1:8080/hook', 'http://[::1]/hook', 'https://10.1.2.3/hook', 'http://169.254.169.254/latest']) {
      const refused = await call('POST', '/api/subscriptions', BRAZIL, { ...HOOK, address });
      expect({ address, status: refused.status, field: refused.body?.details?.[0]?.field }).toEqual({ address, status: 400, field: 'address' });
    }
    const allowed = await call('POST', '/api/subscriptions', BRAZIL, { ...HOOK, address: 'https://hooks.internal.example/consult' });
    expect(allowed).toMatchObject({ status: 201, body: { secret: expect.stringMatching(/^whsec_/) } });
  });
});
