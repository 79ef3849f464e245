import { participant } from '../../libs/demo/src/timeline';
import { command, expectStatus, launch, type Call } from '../reminders/reminders.fixture';
import { clientFor } from '../support/consult-client';
import { startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { WebhookReceiver, type ReceivedWebhook } from '../webhook/webhook-receiver';
import { signedWith } from './delivery-peers';

jest.setTimeout(120_000);

const BRAZIL = participant('member-state', 'BRA');
const START = Date.parse('2030-06-03T08:00:00Z');
/** Tries a delivery gets before it is dead (DESIGN: exponential backoff, then `dead`): 5 s, 30 s, 2 min, 10 min, 1 h, 6 h. */
const TRIES = 7;

/** The fields of a `GET /api/deliveries` item this test reads. */
interface Delivery { id: string; subscriptionId: string; attemptsLog: { at: string; outcome: string }[] }

/** A webhook subscriber: its receiver and the secret from the 201. */
interface Hook { receiver: WebhookReceiver; subscriptionId: string; secret: string }

describe('webhook retries over HTTP on the manual clock: one webhook-id per notification, dead after the last try, redelivery', () => {
  const data = tempDir();
  let call: Call;
  let flaky: Hook;
  let failing: Hook;
  const at = (ms: number) => new Date(START + ms).toISOString();
  const clockTo = async (ms: number) => expectStatus(await call('PUT', '/api/clock', 'secretariat', { now: at(ms) }), 200, `clock +${ms} ms`).body;
  const deliveryOf = async (hook: Hook) => {
    const items = (await call('GET', '/api/deliveries?limit=500', 'secretariat')).body.items as Delivery[];
    return items.filter((d) => d.subscriptionId === hook.subscriptionId);
  };
  const subscribe = async (who: Parameters<Call>[2], consultationId: string): Promise<Hook> => {
    const receiver = await new WebhookReceiver().start();
    const created = expectStatus(await call('POST', '/api/subscriptions', who, { consultationId, channel: 'webhook', address: receiver.url(), language: 'en' }), 201, 'subscribe');
    return { receiver, subscriptionId: created.body.id, secret: created.body.secret };
  };

  beforeAll(async () => {
    const api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
    await clockTo(0);
    const consultationId = await launch(call, 'Europe/Zurich');
    flaky = await subscribe('secretariat', consultationId);
    failing = await subscribe(BRAZIL, consultationId);
    flaky.receiver.answerWith({ status: 500 }, { status: 500 }, { status: 200 });
    failing.receiver.answerWith(...Array.from({ length: TRIES }, () => ({ status: 500 })));
    await command(call, consultationId, 'publishDraft', { documentRef: 'C30/7', version: '1' }); // one notice each, at +0
  });
  afterAll(async () => {
    await stopAll();
    await Promise.all([flaky, failing].filter(Boolean).map((hook) => hook.receiver.stop()));
    data.remove();
  });

  it('retries a receiver answering 500 twice at 5 s and 35 s on the engine\'s clock, with one webhook-id, and stops at the accepted try', async () => {
    const report = await clockTo(60_000);
    expect(report.deliveries.accepted).toBe(1);
    const requests = flaky.receiver.received;
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(requests.map((r) => r.body)).size).toBe(1); // the same bytes on every try
    expectSignedAndShaped(requests, flaky.secret);
    const [delivery] = await deliveryOf(flaky);
    expect(delivery).toMatchObject({ id: requests[0].headers['webhook-id'], status: 'sent', attempts: 3, type: 'draft.published' });
    expect(delivery.attemptsLog.map((a) => [Date.parse(a.at) - START, a.outcome]))
      .toEqual([[0, 'retry'], [5_000, 'retry'], [35_000, 'accepted']]);
    await clockTo(24 * 3_600_000);
    expect(flaky.receiver.received).toHaveLength(3); // accepted once: never sent again
    expect((await call('GET', '/api/deliveries?status=sent', 'secretariat')).body.items.map((d: { id: string }) => d.id)).toEqual([delivery.id]);
  });

  it('ends a delivery dead after the last try against a receiver that always fails, every try the same webhook-id', async () => {
    await clockTo(25 * 3_600_000); // past the last try, 7 h 12 min 35 s after the first
    const requests = failing.receiver.received;
    expect(requests).toHaveLength(TRIES);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expectSignedAndShaped(requests, failing.secret);
    const dead = (await call('GET', '/api/deliveries?status=dead', 'secretariat')).body.items;
    expect(dead).toEqual([expect.objectContaining({ subscriptionId: failing.subscriptionId, status: 'dead', attempts: TRIES, lastError: expect.stringMatching(/500/) })]);
    expect(dead[0].attemptsLog.map((a: { outcome: string }) => a.outcome)).toEqual(Array(TRIES).fill('retry'));
  });

  it('accepts a redelivery once the receiver recovers, with the same webhook-id and a valid signature', async () => {
    const [dead] = await deliveryOf(failing);
    const queued = await call('POST', `/api/deliveries/${dead.id}/redeliver`, 'secretariat');
    expect(queued).toMatchObject({ status: 200, body: { id: dead.id, status: 'pending' } });
    const report = await clockTo(25 * 3_600_000 + 60_000); // the receiver answers 204 from now on
    expect(report.deliveries).toMatchObject({ accepted: 1, dead: 0 });
    const requests = failing.receiver.received;
    expect(requests).toHaveLength(TRIES + 1);
    expect(requests[TRIES].headers['webhook-id']).toBe(dead.id);
    expect(signedWith(requests[TRIES], failing.secret)).toBe(true);
    const [sent] = await deliveryOf(failing);
    expect(sent).toMatchObject({ status: 'sent', attempts: TRIES + 1, sentAt: expect.any(String) });
    expect(sent.attemptsLog.at(-1)).toMatchObject({ outcome: 'accepted' });
  });
});

/** Each request is signed with the 201's secret (checked here, not by the engine's code) and carries a Standard Webhooks body. */
function expectSignedAndShaped(requests: ReceivedWebhook[], secret: string): void {
  expect(secret).toMatch(/^whsec_/);
  for (const request of requests) {
    expect(signedWith(request, secret)).toBe(true);
    expect(signedWith(request, 'whsec_' + Buffer.from('another key').toString('base64'))).toBe(false);
    expect(request.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'draft.published', timestamp: expect.any(String), data: { consultationId: expect.any(String), language: 'en' } });
  }
}
