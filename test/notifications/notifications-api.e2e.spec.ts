import { participant } from '../../libs/demo/src/timeline';
import { clientFor } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(90_000);

const BRAZIL = participant('member-state', 'BRA');
const KENYA = participant('member-state', 'KEN');
const COMPANY = participant('private-sector', 'ACME');
const LAUNCH = { workflow: 'council-approval', title: { en: 'Numbering plan', fr: 'Plan de numérotage' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };
const HOOK = { channel: 'webhook', address: 'https://hooks.example.org/consult', language: 'en' };

describe('subscriptions and the in-app feed over HTTP', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let consultationId: string;

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db` });
    call = clientFor(api.baseUrl);
    consultationId = (await call('POST', '/api/consultations', 'secretariat', LAUNCH)).body.id;
  });
  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('subscribes a token holder: a webhook is active at once, an e-mail address pending', async () => {
    const hook = await call('POST', '/api/subscriptions', BRAZIL, { ...HOOK, consultationId, language: 'fr' });
    expect(hook.status).toBe(201);
    expect(hook.body).toEqual({
      id: expect.any(String), consultationId, channel: 'webhook', address: HOOK.address, language: 'fr', digest: 'immediate',
      status: 'active', createdAt: expect.any(String), secret: expect.stringMatching(/^whsec_/), types: null,
    });
    const mail = await call('POST', '/api/subscriptions', BRAZIL, { channel: 'email', address: 'focal.point@example.gov', language: 'en', digest: 'daily' });
    expect(mail.body).toMatchObject({ consultationId: null, status: 'pending', digest: 'daily' });
  });

  it('refuses the public (401), unknown consultations (404), bad addresses and unknown fields (400 naming the field)', async () => {
    expect((await call('POST', '/api/subscriptions', undefined, HOOK)).status).toBe(401);
    expect((await call('POST', '/api/subscriptions', BRAZIL, { ...HOOK, consultationId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const mail = await call('POST', '/api/subscriptions', BRAZIL, { channel: 'email', address: 'https://not.an/address', language: 'en' });
    expect(mail).toMatchObject({ status: 400, body: { details: [{ field: 'address' }] } });
    const hook = await call('POST', '/api/subscriptions', BRAZIL, { ...HOOK, address: 'ftp://files.example.org/' });
    expect(hook).toMatchObject({ status: 400, body: { details: [{ field: 'address' }] } });
    expect((await call('POST', '/api/subscriptions', BRAZIL, { ...HOOK, colour: 'blue' })).status).toBe(400);
  });

  it('answers a retry with the same Idempotency-Key with the same subscription, and another body with 422', async () => {
    const headers = { 'idempotency-key': 'subscribe-once' };
    const first = await call('POST', '/api/subscriptions', KENYA, HOOK, headers);
    const again = await call('POST', '/api/subscriptions', KENYA, HOOK, headers);
    expect(again.body.id).toBe(first.body.id);
    expect((await call('POST', '/api/subscriptions', KENYA, { ...HOOK, language: 'ar' }, headers)).status).toBe(422);
  });

  it('lists one\'s own subscriptions, and everyone\'s to the secretariat, paged', async () => {
    const own = await call('GET', '/api/subscriptions', BRAZIL);
    expect(own.body.total).toBe(2);
    const all = await call('GET', '/api/subscriptions?limit=1&offset=1', 'secretariat');
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect(all.body.items).toHaveLength(1);
    expect((await call('GET', '/api/subscriptions?limit=0', BRAZIL)).status).toBe(400);
  });

  it('removes one\'s own subscription; someone else\'s reads as unknown (404), the secretariat removes any', async () => {
    const mine = (await call('POST', '/api/subscriptions', COMPANY, HOOK)).body.id;
    expect((await call('DELETE', `/api/subscriptions/${mine}`, BRAZIL)).status).toBe(404);
    expect((await call('DELETE', `/api/subscriptions/${mine}`, COMPANY)).status).toBe(204);
    expect((await call('DELETE', `/api/subscriptions/${mine}`, COMPANY)).status).toBe(404);
    const other = (await call('POST', '/api/subscriptions', COMPANY, HOOK)).body.id;
    expect((await call('DELETE', `/api/subscriptions/${other}`, 'secretariat')).status).toBe(204);
  });

  it('shows what happened since subscribing in the feed, newest first, in the subscriber\'s language; marking read is idempotent', async () => {
    await call('POST', `/api/consultations/${consultationId}/commands`, 'secretariat', { type: 'publishDraft', payload: { documentRef: 'C26/1', version: '1' } });
    const feed = await call('GET', '/api/notifications', BRAZIL);
    expect(feed.status).toBe(200);
    expect(feed.body.total).toBe(1);
    const [item] = feed.body.items;
    expect(item).toEqual({
      id: expect.any(String), type: 'draft.published', consultationId, title: expect.stringContaining('Plan de numérotage'),
      body: expect.any(String), language: 'fr', createdAt: expect.any(String), readAt: null,
    });
    const read = await call('POST', `/api/notifications/${item.id}/read`, BRAZIL);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await call('POST', `/api/notifications/${item.id}/read`, BRAZIL)).body.readAt).toBe(read.body.readAt);
    expect((await call('GET', '/api/notifications?unread=true', BRAZIL)).body.total).toBe(0);
  });

  it('keeps each feed to its owner: another\'s notification is unknown (404), and a group the consultation does not address hears nothing', async () => {
    const [item] = (await call('GET', '/api/notifications', BRAZIL)).body.items;
    expect((await call('POST', `/api/notifications/${item.id}/read`, KENYA)).status).toBe(404);
    await call('POST', '/api/subscriptions', COMPANY, { ...HOOK, consultationId });
    await call('POST', `/api/consultations/${consultationId}/commands`, 'secretariat', { type: 'openConsultation', payload: { closesAt: '2031-04-01T21:59:00Z' } });
    expect((await call('GET', '/api/notifications', COMPANY)).body.total).toBe(0);
    expect((await call('GET', '/api/notifications', undefined)).status).toBe(401);
    expect((await call('GET', '/api/notifications?unread=maybe', BRAZIL)).status).toBe(400);
  });
});
