import { randomUUID } from 'node:crypto';
import { participant } from '../../libs/demo/src/timeline';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../libs/event-store/src/adapters/postgres.test-database';
import { clientFor, tokenFor } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { SseClient, gauge } from './sse-client';

jest.setTimeout(120_000);

const BRAZIL = participant('member-state', 'BRA');
const schema = uniqueSchema('e2e_live');
/** SQLite wakes the stream in-process; PostgreSQL by LISTEN/NOTIFY and polling: both are run. */
const STORES: [string, () => Record<string, string>][] = [
  ['sqlite', () => ({})],
  ['postgres', () => ({ CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: testDatabaseUrl(), CONSULT_DATABASE_SCHEMA: schema })],
];
const LAUNCH = { workflow: 'council-approval', title: { en: 'Live check' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };

describe.each(STORES)('GET /api/events/stream on %s', (store, storeEnv) => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let id: string;
  const opened: SseClient[] = [];
  const open = async (query = '', headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${api.baseUrl}/api/events/stream${query}`, headers);
    opened.push(client);
    return client;
  };
  const command = async (type: string, payload: object) => {
    const answer = await call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type, payload });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const contribute = async (body: object) => {
    const answer = await call('POST', `/api/consultations/${id}/contributions`, BRAZIL, body);
    expect([answer.status, answer.body.message]).toEqual([201, undefined]);
    return answer.body;
  };
  const meeting = (n: number) => command('scheduleMeeting', {
    meetingId: `m${n}-${randomUUID()}`, startsAt: '2031-02-01T09:00:00Z', endsAt: '2031-02-01T12:00:00Z', format: 'virtual',
  });

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_SSE_HEARTBEAT_MS: '300', ...storeEnv() }, 90_000);
    call = clientFor(api.baseUrl);
    const launched = await call('POST', '/api/consultations', 'secretariat', LAUNCH);
    expect([launched.status, launched.body.message]).toEqual([201, undefined]);
    id = launched.body.id;
    await command('publishDraft', { documentRef: 'C31/1', version: '1', sections: [{ number: '1', title: 'Scope' }, { number: '2', title: 'Plan' }] });
    await command('openConsultation', { closesAt: '2031-04-01T21:59:00Z' });
  });
  // A failed test leaves no stream open to skew the counts of the next.
  afterEach(() => opened.splice(0).forEach((client) => client.close()));
  afterAll(async () => {
    await stopAll();
    data.remove();
    if (store === 'postgres') await dropSchemas(testDatabaseUrl(), [schema]);
  });

  it('answers text/event-stream that no cache or proxy holds back, with heartbeats, and frames each event', async () => {
    const client = await open('', { 'accept-encoding': 'br, gzip' });
    expect(client.status).toBe(200);
    expect(client.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no', connection: 'keep-alive',
    });
    expect(client.headers['content-encoding']).toBeUndefined();
    const { events } = await meeting(1);
    const message = await client.next('MeetingScheduled');
    expect(message).toEqual({
      id: String(events[0].position), event: 'MeetingScheduled',
      data: { consultationId: id, type: 'MeetingScheduled', position: events[0].position, occurredAt: expect.any(String), data: expect.objectContaining({ format: 'virtual' }) },
    });
    await client.waitFor((c) => c.comments >= 2, 'two heartbeats');
    expect(client.raw).toMatch(/^: heartbeat$/m);
  });

  it('resumes after Last-Event-ID with exactly the public events missed, in order, then live ones', async () => {
    const witness = await open();
    const first = await open();
    await meeting(2);
    await meeting(3);
    await first.waitFor((c) => c.messages.length === 2, 'two meetings');
    const lastSeen = first.messages[1].id;
    first.close();
    await meeting(4);
    await contribute({ kind: 'comment', section: '2', text: 'missed while away', language: 'en' });
    const { events } = await meeting(5);
    await witness.waitFor((c) => c.ids().includes(events[0].position), 'the witness to see the last meeting');
    const resumed = await open('', { 'last-event-id': lastSeen });
    const missed = witness.ids().filter((position) => position > Number(lastSeen));
    expect(missed).toHaveLength(3);
    await resumed.waitFor((c) => c.messages.length >= missed.length, 'the missed events');
    expect(resumed.ids()).toEqual(missed);
    expect(resumed.messages.map((m) => m.event)).toEqual(['MeetingScheduled', 'ContributionSubmitted', 'MeetingScheduled']);
    const live = await meeting(6);
    await resumed.waitFor((c) => c.ids().includes(live.events[0].position), 'a live event after the catch-up');
    expect(resumed.ids()).toEqual(witness.ids().filter((position) => position > Number(lastSeen)));
    expect(new Set(resumed.ids()).size).toBe(resumed.ids().length);
    const fromQuery = await open(`?lastEventId=${lastSeen}`);
    await fromQuery.waitFor((c) => c.messages.length >= missed.length + 1, 'the same through ?lastEventId');
    expect(fromQuery.ids()).toEqual(resumed.ids());
  });

  it('never sends a contribution\'s text nor who wrote it, before or after its publication', async () => {
    const marker = `PRIVATE-${randomUUID()}`;
    const live = await open();
    const sent = await contribute({ kind: 'proposal', text: marker, language: 'fr', action: 'MOD', target: `${marker}-target`, reason: `${marker}-reason` });
    const submitted = await live.next('ContributionSubmitted', (d) => d.data.contributionId === sent.id);
    expect(submitted.data.data).toEqual({ contributionId: sent.id, kind: 'proposal', language: 'fr', group: 'member-state', submittedAt: expect.any(String) });
    await command('publishContributions', { contributionIds: [sent.id] });
    const published = await live.next('ContributionsPublished');
    expect(published.data.data).toEqual({ contributionIds: [sent.id], publishedAt: expect.any(String) });
    const replayed = await open('', { 'last-event-id': '0' });
    await replayed.waitFor((c) => c.ids().includes(Number(published.id)), 'the whole log');
    for (const client of [live, replayed]) {
      expect(client.raw).not.toContain(marker);
      expect(client.raw).not.toMatch(/participant:bra|"sub"|"name"|"org"|"author"|"actor"/i);
    }
  });

  it('sends a consultation\'s events only, when asked for one', async () => {
    const other = (await call('POST', '/api/consultations', 'secretariat', LAUNCH)).body.id;
    const mine = await open(`?consultationId=${id}`);
    await call('POST', `/api/consultations/${other}/commands`, 'secretariat', { type: 'publishDraft', payload: { documentRef: 'X/1', version: '1' } });
    const { events } = await meeting(7);
    await mine.waitFor((c) => c.ids().includes(events[0].position), 'its own event');
    expect(mine.messages.map((m) => m.data.consultationId)).toEqual([id]);
  });

  it('keeps one store subscription for many clients and none once they are gone', async () => {
    await waitForGauge(api, 'consult_sse_clients', 0);
    const clients = await Promise.all(Array.from({ length: 8 }, (_, i) => open('', { authorization: `Bearer ${tokenFor(participant('member-state', `C${i}`))}` })));
    expect(await gauge(api.baseUrl, 'consult_sse_clients')).toBe(8);
    expect(await gauge(api.baseUrl, 'consult_sse_store_subscriptions')).toBe(1);
    clients.forEach((c) => c.close());
    await waitForGauge(api, 'consult_sse_clients', 0);
    expect(await gauge(api.baseUrl, 'consult_sse_store_subscriptions')).toBe(0);
  });

  it('refuses a client\'s eleventh stream with 429, and takes one again once a stream is closed', async () => {
    const headers = { authorization: `Bearer ${tokenFor(BRAZIL)}` };
    const ten = await Promise.all(Array.from({ length: 10 }, () => open('', headers)));
    expect(ten.map((c) => c.status)).toEqual(Array(10).fill(200));
    const refused = await open('', headers);
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/too many open event streams.*at most 10/);
    expect((await open()).status).toBe(200);
    ten[0].close();
    await waitForGauge(api, 'consult_sse_clients', 10);
    const again = await open('', headers);
    expect(again.status).toBe(200);
  });

  it('refuses a malformed Last-Event-ID or consultationId with 400 naming it', async () => {
    const badId = await open('', { 'last-event-id': 'yesterday' });
    expect(badId).toMatchObject({ status: 400, body: { details: [{ field: 'Last-Event-ID' }] } });
    expect(badId.body.message).toMatch(/Last-Event-ID/);
    expect(await open('?lastEventId=-3')).toMatchObject({ status: 400, body: { details: [{ field: 'lastEventId' }] } });
    expect(await open('?consultationId=42')).toMatchObject({ status: 400, body: { details: [{ field: 'consultationId' }] } });
    expect(await open('?colour=blue')).toMatchObject({ status: 400 });
  });

  it('ends open streams when the api stops, instead of holding its shutdown', async () => {
    const client = await open();
    const started = Date.now();
    process.kill(api.pid, 'SIGTERM');
    // Without the streams ended, the HTTP server waits for them for ever; the bound leaves room for a loaded machine.
    await api.exited;
    expect(Date.now() - started).toBeLessThan(20_000);
    await client.waitFor((c) => c.ended, 'the stream to end');
  });
});

async function waitForGauge(api: RunningApi, name: string, value: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await gauge(api.baseUrl, name)) !== value) {
    if (Date.now() > deadline) throw new Error(`${name} never reached ${value}`);
    await new Promise((resume) => setTimeout(resume, 50));
  }
}
