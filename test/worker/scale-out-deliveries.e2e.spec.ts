import { Client } from 'pg';
import type { ParsedMail } from 'mailparser';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '@consult/event-store/testing';
import { atApi, linkIn, mailsTo, signedWith } from '../delivery/delivery-peers';
import { startSmtpSink, type SmtpSink } from '../email/smtp-sink';
import { clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { SpawnedApp, spawnApp, stopAll, tempDir } from '../support/spawn-app';
import { WebhookReceiver, type ReceivedWebhook } from '../webhook/webhook-receiver';

/**
 * Issue 11's "exactly once across processes": an api without background work and two workers on
 * one PostgreSQL, on the system clock, with a real SMTP peer and webhook receiver. A thousand
 * reminders fall due together for an e-mail and a webhook subscriber; one worker is SIGKILLed
 * while they are being delivered. Counted at the peers: each reminder accepted once per
 * subscriber, one id per notification; an id seen twice only for what was in flight at the kill.
 */
const COUNT = 1000;
/** The dispatcher's claim (DeliveryDispatcher's default batchSize): at most this many were in the killed worker's hands. */
const BATCH = 100;
const ADDRESS = 'focal.point@example.org';
const OWNER = tokens.sign({ sub: 'secretariat:deliveries', role: 'secretariat', name: 'Secretariat' });

jest.setTimeout(240_000);

/** Runs `work` over `items` with `width` in flight. */
async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/** Polls `check` every `everyMs` until it holds; fails with the apps' last output after `timeoutMs`. */
async function until(what: string | (() => string), check: () => boolean | Promise<boolean>, timeoutMs: number, apps: SpawnedApp[], everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}\n${apps.map((a) => a.output.stderr.slice(-2000)).join('\n---\n')}`);
    await new Promise((done) => setTimeout(done, everyMs));
  }
}

/** A phased forum whose one phase ends an hour after `remindAt`, with a reminder an hour before: one reminder at `remindAt`, one call. */
function forum(i: number, remindAt: number) {
  const phase = { key: 'call', kind: 'deadline', title: { en: `Call ${i}` }, opens: ['formal-contribution'] };
  return {
    workflow: 'phased-forum', title: { en: `Forum ${i}` }, eligibleGroups: ['member-state'], timezone: 'UTC', reminderOffsets: ['PT1H'],
    phases: [{ ...phase, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(remindAt + 3_600_000).toISOString() }],
  };
}

describe('two workers deliver a thousand reminders by e-mail and webhook, once each, though one is killed mid-run', () => {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('e2e_scale_deliveries');
  const data = tempDir();
  const db = new Client({ connectionString: url });
  const receiver = new WebhookReceiver();
  let sink: SmtpSink;
  let api: RunningApi;
  const workers: SpawnedApp[] = [];

  beforeAll(async () => {
    await db.connect();
    sink = await startSmtpSink();
    await receiver.start();
    const env = {
      CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: url, CONSULT_DATABASE_SCHEMA: schema, CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_SMTP_URL: sink.url,
    };
    api = await startApi({ ...env, CONSULT_BACKGROUND: 'off' });
    for (let i = 0; i < 2; i += 1) workers.push(spawnApp('worker', { ...env, LOG_LEVEL: 'info' }));
    await until('the workers to be ready', () => workers.every((w) => /"msg":"ready/.test(w.output.stdout)), 60_000, workers);
  });
  afterAll(async () => {
    await stopAll();
    await receiver.stop();
    await sink.close();
    await db.end();
    await dropSchemas(url, [schema]);
    data.remove();
  });

  it('accepts every reminder once per subscriber at the SMTP peer and the receiver, one id per notification', async () => {
    const call = clientFor(api.baseUrl);
    // Subscribed first, so that no reminder can go before the e-mail address is confirmed (the launch notices go to both too; only reminders are counted).
    const secret = await subscribeBoth(api, sink, receiver.url(), workers);
    // A few forums reminded tomorrow give the pace of launching on this machine, so the thousand's reminders fall due together near the last launch.
    const probing = Date.now();
    await inParallel(Array.from({ length: 48 }, (_, i) => i), 12, async (i) => {
      expect((await call('POST', '/api/consultations', 'secretariat', forum(-i, Date.now() + 86_400_000))).status).toBe(201);
    });
    const remindAt = Date.now() + Math.round(((Date.now() - probing) / 48) * COUNT) + 3_000;
    await inParallel(Array.from({ length: COUNT }, (_, i) => i), 12, async (i) => {
      const launched = await call('POST', '/api/consultations', 'secretariat', forum(i, remindAt));
      expect(launched.status).toBe(201);
    });

    const reminderMails = () => sink.received.filter((mail) => sink.header(mail, 'x-consult-notification') === 'deadline.reminder');
    const reminderHooks = () => receiver.received.filter((hook) => JSON.parse(hook.body).type === 'deadline.reminder');
    await until('the first deliveries', () => reminderMails().length + reminderHooks().length >= 20, 60_000 + remindAt - Date.now(), [api, ...workers]);
    process.kill(workers[0].pid, 'SIGKILL');
    const atKill = reminderMails().length + reminderHooks().length;

    const distinct = (values: unknown[]) => new Set(values).size;
    // The killed worker's claims lapse after the dispatcher's lease (60 s); the other worker sends them then.
    const progress = () => `every reminder at both peers (so far ${distinct(reminderMails().map((m) => m.messageId))} e-mails, ${distinct(reminderHooks().map((h) => h.headers['webhook-id']))} webhooks of ${COUNT} each; ${atKill} at the kill)`;
    await until(progress, () => distinct(reminderMails().map((m) => m.messageId)) >= COUNT
      && distinct(reminderHooks().map((h) => h.headers['webhook-id'])) >= COUNT, 150_000, [api, workers[1]], 500);

    expect(atKill).toBeLessThan(2 * COUNT);
    expectOncePerNotification(reminderMails().map((mail) => [String(mail.messageId), consultationOfMail(sink, mail)]));
    expectOncePerNotification(reminderHooks().map((hook) => [String(hook.headers['webhook-id']), JSON.parse(hook.body).data.consultationId]));
    expect(reminderMails().every((mail) => mailsTo([mail], ADDRESS).length === 1)).toBe(true);
    expect(reminderHooks().every((hook: ReceivedWebhook) => signedWith(hook, secret))).toBe(true);
    const outbox = await db.query(`SELECT d.channel, d.status, count(*) AS n FROM "${schema}".notification_delivery d JOIN "${schema}".notification_content c ON c.id = d."contentId" `
      + `WHERE c.type = 'deadline.reminder' GROUP BY d.channel, d.status ORDER BY d.channel`);
    expect(outbox.rows.map((row) => [row.channel, row.status, Number(row.n)])).toEqual([['email', 'sent', COUNT], ['webhook', 'sent', COUNT]]);
    expect(await workers[0].exited).toBe('SIGKILL');
  });
});

/** Subscribes one e-mail address (confirmed by following the link its confirmation brings) and one webhook to every consultation; answers the webhook's secret. */
async function subscribeBoth(api: RunningApi, sink: SmtpSink, hookUrl: string, workers: SpawnedApp[]): Promise<string> {
  const call = clientFor(api.baseUrl);
  const email = await call('POST', '/api/subscriptions', OWNER, { channel: 'email', address: ADDRESS, language: 'en' });
  expect(email.status).toBe(201);
  await until('the confirmation message', () => mailsTo(sink.received, ADDRESS).length > 0, 30_000, workers);
  const confirmation = mailsTo(sink.received, ADDRESS)[0];
  const followed = await fetch(atApi(linkIn(confirmation.text ?? '', 'confirm'), api.baseUrl));
  expect(followed.status).toBe(200);
  const hook = await call('POST', '/api/subscriptions', OWNER, { channel: 'webhook', address: hookUrl, language: 'en' });
  expect(hook.status).toBe(201);
  return hook.body.secret;
}

/** The consultation a reminder e-mail is about, from its filter header. */
function consultationOfMail(sink: SmtpSink, mail: ParsedMail): string {
  return sink.header(mail, 'x-consult-consultation') ?? '';
}

/**
 * `[id, consultation]` as the peer saw them: one reminder per consultation, one id each, every id
 * for one consultation only; an id seen more than once only for the deliveries one claim held at the kill.
 */
function expectOncePerNotification(seen: [string, string][]): void {
  const idsPerConsultation = new Map<string, Set<string>>();
  const consultationsPerId = new Map<string, Set<string>>();
  for (const [id, consultation] of seen) {
    idsPerConsultation.set(consultation, (idsPerConsultation.get(consultation) ?? new Set()).add(id));
    consultationsPerId.set(id, (consultationsPerId.get(id) ?? new Set()).add(consultation));
  }
  expect(idsPerConsultation.size).toBe(COUNT);
  expect([...idsPerConsultation.values()].filter((ids) => ids.size !== 1)).toEqual([]);
  expect([...consultationsPerId.values()].filter((consultations) => consultations.size !== 1)).toEqual([]);
  expect(seen.length - consultationsPerId.size).toBeLessThanOrEqual(BATCH);
}
