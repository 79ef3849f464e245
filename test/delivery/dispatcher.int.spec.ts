import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '@consult/event-store/testing';
import {
  DeliveryDispatcher, EmailChannel, MAX_ATTEMPTS, NotificationWriter, WebhookChannel, reminderContent, renderNotification, subscriptionTokenKey,
} from '@consult/notifications';
import { NotificationDeliveryRow, SubscriptionRow, DeliveryAttemptRow } from '@consult/notifications/entities';
import { openReadModels } from '@consult/projections';
import { startSmtpSink, type SmtpSink } from '../email/smtp-sink';
import { WebhookReceiver, signatureIsValid } from '../webhook/webhook-receiver';

const MASTER = 'webhook-master-secret-for-the-dispatcher-test';
const CONSULTATION = { id: 'c-0', title: { en: 'Numbering plan', ar: 'خطة الترقيم' }, reference: 'CL-26/1', timezone: 'Europe/Paris', eligibleGroups: ['member-state'] };

interface Backend { db: DataSource; cleanup(): Promise<void> }

async function sqlite(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-dispatch-'));
  const db = await openReadModels({ sqlitePath: join(dir, 'consult.db') });
  return { db, cleanup: async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
}

async function postgres(): Promise<Backend> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_dispatch');
  const db = await openReadModels({ databaseUrl: url, schema, sqlitePath: ':memory:' });
  return { db, cleanup: async () => { await db.destroy(); await dropSchemas(url, [schema]); } };
}

const plus = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();

describe.each([['sqlite', sqlite], ['postgres', postgres]] as const)('the delivery dispatcher on %s, with a real SMTP server and webhook receiver', (_name, open) => {
  let backend: Backend;
  let smtp: SmtpSink;
  const receiver = new WebhookReceiver();
  let email: EmailChannel;
  let dispatcher: DeliveryDispatcher;

  beforeAll(async () => {
    backend = await open();
    smtp = await startSmtpSink();
    await receiver.start();
    email = new EmailChannel({ smtpUrl: smtp.url, mailFrom: 'Consultations <c@example.org>', publicUrl: 'https://consult.example.org', tokenKey: subscriptionTokenKey('x'.repeat(32)) });
    dispatcher = new DeliveryDispatcher(backend.db, { email, webhook: new WebhookChannel({ masterSecret: MASTER, production: false }) }, renderNotification);
  });

  afterAll(async () => {
    email.close();
    await receiver.stop();
    await smtp.close();
    await backend.cleanup();
  });

  /** Each test its own consultation: a reminder reaches that consultation's subscribers only. */
  let consultation = CONSULTATION;
  beforeEach(() => {
    consultation = { ...CONSULTATION, id: randomUUID() };
  });

  async function subscribe(channel: 'email' | 'webhook', address: string, language: string, digest = 'immediate'): Promise<string> {
    const id = randomUUID();
    await backend.db.getRepository(SubscriptionRow).insert({
      id, ownerSub: `sub-${id}`, ownerRole: 'secretariat', ownerGroup: null, ownerOrg: null, consultationId: consultation.id, channel, address, language,
      digest, status: 'active', fromPosition: 0, createdAt: '2026-03-01T00:00:00.000Z', removedAt: null, idempotencyKey: null, requestHash: null,
    });
    return id;
  }

  async function remind(sourceKey: string, at: string): Promise<void> {
    const content = reminderContent({ targetKind: 'consultation-closes', targetKey: 'round-1', targetTitle: 'Round 1', targetAt: '2026-03-30T21:59:00.000Z', offset: 'P1D', late: false });
    await backend.db.transaction((manager) => new NotificationWriter(renderNotification).write(manager, [{ content, consultation, sourceKey, occurredAt: at }], at));
  }

  const deliveriesOf = (subscriptionId: string) => backend.db.getRepository(NotificationDeliveryRow).findBy({ subscriptionId });

  it('e-mails a reminder in each subscriber\'s language, with the closing time on the consultation\'s clock', async () => {
    const [enAddress, arAddress] = [`en-${randomUUID()}@example.org`, `ar-${randomUUID()}@example.org`];
    const [en, ar] = [await subscribe('email', enAddress, 'en'), await subscribe('email', arAddress, 'ar')];
    await remind(`reminder-${randomUUID()}`, '2026-03-29T21:59:00.000Z');
    const report = await dispatcher.runDue('2026-03-29T21:59:00.000Z');
    expect(report.accepted).toBe(2);
    for (const id of [en, ar]) expect((await deliveriesOf(id)).map((d) => d.status)).toEqual(['sent']);
    const to = (address: string) => smtp.received.find((m) => JSON.stringify(m.to).includes(address));
    const [english, arabic] = [to(enAddress), to(arAddress)];
    expect(english?.text).toMatch(/23:59/);
    expect(arabic?.text).toMatch(/23:59|٢٣:٥٩/);
    expect(smtp.header(english!, 'x-consult-notification')).toBe('deadline.reminder');
  });

  it('retries a webhook answered 500 twice on the engine\'s clock, with one webhook-id over three attempts, then stops at the accepted one', async () => {
    const id = await subscribe('webhook', receiver.url(), 'en');
    const before = receiver.received.length;
    receiver.answerWith({ status: 500 }, { status: 500 }, { status: 200 });
    const at = '2026-03-29T22:00:00.000Z';
    await remind(`reminder-${randomUUID()}`, at);
    expect((await dispatcher.runDue(at)).retried).toBe(1);
    expect((await dispatcher.runDue(plus(at, 4_000))).retried).toBe(0); // not due before its backoff
    expect((await dispatcher.runDue(plus(at, 5_000))).retried).toBe(1);
    expect((await dispatcher.runDue(plus(at, 35_000))).accepted).toBe(1);
    expect((await dispatcher.runDue(plus(at, 3_600_000))).accepted).toBe(0);
    const requests = receiver.received.slice(before);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(requests.every((r) => signatureIsValid(r, MASTER, id))).toBe(true);
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 3 });
    const attempts = await backend.db.getRepository(DeliveryAttemptRow).find({ where: { deliveryId: delivery.id }, order: { attempt: 'ASC' } });
    expect(attempts.map((a) => a.outcome)).toEqual(['retry', 'retry', 'accepted']);
  });

  it('ends dead after the last try against a receiver that always fails, and a redelivery after it recovers is accepted', async () => {
    const id = await subscribe('webhook', receiver.url(), 'en');
    receiver.answerWith(...Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 503 })));
    let at = '2026-04-01T08:00:00.000Z';
    await remind(`reminder-${randomUUID()}`, at);
    for (let i = 0; i < MAX_ATTEMPTS; i += 1) {
      await dispatcher.runDue(at);
      at = plus(at, 7 * 3_600_000);
    }
    const [dead] = await deliveriesOf(id);
    expect(dead).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });
    await backend.db.getRepository(NotificationDeliveryRow).update({ id: dead.id }, { status: 'pending', nextAttemptAt: at });
    expect((await dispatcher.runDue(at)).accepted).toBe(1);
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'sent', attempts: MAX_ATTEMPTS + 1 });
  });

  it('cancels what a removed subscription still had to send', async () => {
    const id = await subscribe('webhook', receiver.url(), 'en');
    const at = '2026-04-02T08:00:00.000Z';
    await remind(`reminder-${randomUUID()}`, at);
    await backend.db.getRepository(SubscriptionRow).update({ id }, { removedAt: at });
    const before = receiver.received.length;
    expect((await dispatcher.runDue(at)).cancelled).toBe(1);
    expect(receiver.received.length).toBe(before);
    expect((await deliveriesOf(id))[0].status).toBe('cancelled');
  });

  it('gathers a daily subscriber\'s notices into one message at the next midnight (UTC)', async () => {
    const address = `daily-${randomUUID()}@example.org`;
    const id = await subscribe('email', address, 'en', 'daily');
    await remind(`reminder-${randomUUID()}`, '2026-04-03T08:00:00.000Z');
    await remind(`reminder-${randomUUID()}`, '2026-04-03T15:00:00.000Z');
    const mailsTo = () => smtp.received.filter((m) => JSON.stringify(m.to).includes(address));
    expect((await dispatcher.runDue('2026-04-03T16:00:00.000Z')).accepted).toBe(0);
    expect(mailsTo()).toHaveLength(0);
    expect((await deliveriesOf(id)).map((d) => d.nextAttemptAt)).toEqual(['2026-04-04T00:00:00.000Z', '2026-04-04T00:00:00.000Z']);
    expect((await dispatcher.runDue('2026-04-04T00:00:00.000Z')).accepted).toBe(2);
    expect(mailsTo()).toHaveLength(1);
    expect((await deliveriesOf(id)).map((d) => d.status)).toEqual(['sent', 'sent']);
  });
});
