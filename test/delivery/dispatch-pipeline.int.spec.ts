import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { In, IsNull, Not, type DataSource } from 'typeorm';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '@consult/event-store/testing';
import { DeliveryDispatcher, NotificationWriter, TypeormDeliveryLog, WebhookChannel, reminderContent, renderNotification } from '@consult/notifications';
import { NotificationDeliveryRow, SubscriptionRow } from '@consult/notifications/entities';
import { openReadModels } from '@consult/projections';
import { relaxedClient } from '../../libs/notifications/src/infrastructure/bookkeeping';
import { sqliteBookkeeping } from '../../libs/notifications/src/infrastructure/bookkeeping-thread';
import { TypeormSubscriptionRepository } from '../../libs/notifications/src/infrastructure/typeorm-subscription.repository';

const MASTER = 'webhook-master-secret-for-the-pipeline-test';
const BASE = '2026-05-04T08:00:00.000Z';
const plus = (ms: number) => new Date(Date.parse(BASE) + ms).toISOString();

interface Backend { db: DataSource; cleanup(): Promise<void> }

async function sqlite(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-pipeline-'));
  const db = await openReadModels({ sqlitePath: join(dir, 'consult.db') });
  return { db, cleanup: async () => { await sqliteBookkeeping(db).stop(); await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
}

async function postgres(): Promise<Backend> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_pipeline');
  const db = await openReadModels({ databaseUrl: url, schema, sqlitePath: ':memory:' });
  return { db, cleanup: async () => { await db.destroy(); await dropSchemas(url, [schema]); } };
}

/** A plain receiver that answers 204 after `delayMs`, recording path and body of each request as it arrives. */
class SlowReceiver {
  readonly received: { path: string; id: string; timestamp: string }[] = [];
  delayMs = 0;
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      this.received.push({ path: request.url ?? '', id: String(request.headers['webhook-id']), timestamp: body.timestamp });
      setTimeout(() => response.writeHead(204).end(), this.delayMs);
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe.each([['sqlite', sqlite], ['postgres', postgres]] as const)('the pipelined dispatcher on %s', (_name, open) => {
  let backend: Backend;
  const receiver = new SlowReceiver();
  const channel = new WebhookChannel({ masterSecret: MASTER, production: false });

  beforeAll(async () => {
    backend = await open();
    await receiver.start();
  });

  afterAll(async () => {
    await receiver.stop();
    await backend.cleanup();
  });

  async function subscribers(consultationId: string, paths: string[]): Promise<void> {
    for (const path of paths) {
      await backend.db.getRepository(SubscriptionRow).insert({
        id: randomUUID(), ownerSub: `sub-${randomUUID()}`, ownerRole: 'secretariat', ownerGroup: null, ownerOrg: null, consultationId, channel: 'webhook',
        address: receiver.url(path), language: 'en', digest: 'immediate', status: 'active', fromPosition: 0, createdAt: BASE, removedAt: null, idempotencyKey: null, requestHash: null,
      });
    }
  }

  async function remind(consultationId: string, at: string): Promise<void> {
    const consultation = { id: consultationId, title: { en: 'Numbering plan' }, reference: 'CL-26/2', timezone: 'Europe/Paris', eligibleGroups: ['member-state'] };
    const content = reminderContent({ targetKind: 'consultation-closes', targetKey: `k-${at}`, targetTitle: null, targetAt: '2026-06-01T21:59:00.000Z', offset: 'P1D', late: false });
    await backend.db.transaction((manager) => new NotificationWriter(renderNotification).write(manager, [{ content, consultation, sourceKey: randomUUID(), occurredAt: at }], at));
  }

  const postgresOnly = _name === 'postgres';

  /**
   * The consultation's deliveries claimed and not yet recorded: still pending, and held by a lease
   * (`claimedUntil`), or on PostgreSQL by a row lock: its `xmax` is a transaction still in
   * progress (a row recorded is a new version, whose `xmax` is 0; a lock's stays after its
   * transaction ended, so its status is asked, the 32-bit `xmax` given the current epoch).
   */
  async function heldCount(consultationId: string): Promise<number> {
    const ids = (await backend.db.getRepository(SubscriptionRow).findBy({ consultationId })).map((s) => s.id);
    if (!postgresOnly) return backend.db.getRepository(NotificationDeliveryRow).countBy({ subscriptionId: In(ids), status: 'pending', claimedUntil: Not(IsNull()) });
    const [{ n }] = await backend.db.query(
      `SELECT count(*)::int AS n FROM ${table(NotificationDeliveryRow)} WHERE "subscriptionId" = ANY($1) AND status = 'pending' AND ("claimedUntil" IS NOT NULL OR `
      + `CASE WHEN xmax::text = '0' THEN false ELSE pg_xact_status(((pg_snapshot_xmax(pg_current_snapshot())::text::bigint >> 32 << 32) `
      + `| xmax::text::bigint)::text::xid8) = 'in progress' END)`,
      [ids],
    );
    return n;
  }

  const table = (entity: Function) => backend.db.getMetadata(entity).tablePath.split('.').map((part) => `"${part}"`).join('.');

  it('sends each delivery once over many small batches, a subscriber\'s notices in the order they fell due', async () => {
    const consultationId = randomUUID();
    const paths = ['a', 'b', 'c'].map((p) => `${p}-${consultationId}`);
    await subscribers(consultationId, paths);
    for (let k = 0; k < 5; k += 1) await remind(consultationId, plus(k * 1000));
    receiver.delayMs = 0;
    const dispatcher = new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification, { batchSize: 4, concurrency: 3, unrecordedMax: 5 });
    const report = await dispatcher.runDue(plus(10_000));
    expect(report).toEqual({ accepted: 15, retried: 0, dead: 0, cancelled: 0 });
    const mine = receiver.received.filter((r) => r.path.endsWith(consultationId));
    expect(new Set(mine.map((r) => r.id)).size).toBe(15);
    for (const path of paths) {
      expect(mine.filter((r) => r.path === `/${path}`).map((r) => r.timestamp)).toEqual([0, 1, 2, 3, 4].map((k) => plus(k * 1000)));
    }
    expect((await dispatcher.runDue(plus(10_000))).accepted).toBe(0);
  });

  it('with two subscribers holds at most two batches and the unrecorded sends, not the whole outbox claimed ahead', async () => {
    const consultationId = randomUUID();
    await subscribers(consultationId, ['x', 'y'].map((p) => `${p}-${consultationId}`));
    for (let k = 0; k < 60; k += 1) await remind(consultationId, plus(k));
    receiver.delayMs = 3;
    const settings = { batchSize: 10, concurrency: 4, unrecordedMax: 10 };
    const running = new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification, settings).runDue(plus(1000));
    let done = false;
    void running.finally(() => (done = true));
    let most = 0;
    while (!done) {
      most = Math.max(most, await heldCount(consultationId));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await running).accepted).toBe(120);
    // Each subscriber's sends go one after the other; once the deliveries waiting behind them were counted one job per
    // subscriber and batch, the dispatcher claimed on and on (here about 60 at once; in the scale-out test all 2,000).
    // On PostgreSQL a claim is held until its tries are committed: batches of half the unrecorded bound, the sends with
    // their slots (at most the bound, committing or being sent) and the two batches claimed ahead whose jobs wait for theirs.
    expect(most).toBeLessThanOrEqual(postgresOnly ? settings.unrecordedMax + 2 * Math.floor(settings.unrecordedMax / 2) : 2 * settings.batchSize + settings.unrecordedMax);
    expect(most).toBeGreaterThan(0);
  });

  it('renews its claims while it sends, so a second dispatcher takes none of them though the lease is shorter than the run', async () => {
    const consultationId = randomUUID();
    await subscribers(consultationId, Array.from({ length: 6 }, (_, i) => `slow${i}-${consultationId}`));
    await remind(consultationId, BASE);
    receiver.delayMs = 150;
    const settings = { batchSize: 6, concurrency: 1, leaseMs: 200 };
    const first = new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification, settings);
    const second = new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification, settings);
    const running = first.runDue(plus(1000));
    await new Promise((resolve) => setTimeout(resolve, 500)); // past the first lease: only a renewal keeps the rest
    const [late, early] = [await second.runDue(plus(1000)), await running];
    expect(late.accepted).toBe(0);
    expect(early.accepted).toBe(6);
    const mine = receiver.received.filter((r) => r.path.endsWith(consultationId));
    expect(mine).toHaveLength(6);
    expect(new Set(mine.map((r) => r.id)).size).toBe(6);
  });

  // SQLite only (PostgreSQL's bookkeeping has a pool of its own, no thread): not registered on PostgreSQL, rather than reported skipped.
  if (_name === 'sqlite') it('on SQLite, claims and records on a thread of its own connection, waiting there while the DataSource holds the write lock', async () => {
    const bookkeeping = sqliteBookkeeping(backend.db);
    expect(await bookkeeping.started()).toBe(true);
    const consultationId = randomUUID();
    await subscribers(consultationId, Array.from({ length: 5 }, (_, i) => `t${i}-${consultationId}`));
    for (let k = 0; k < 2; k += 1) await remind(consultationId, plus(k));
    receiver.delayMs = 0;
    const before = bookkeeping.threadCalls;
    // A transaction of the DataSource's holds the write lock for a while: the thread waits for it, nothing fails.
    const holding = backend.db.transaction(async (manager) => {
      await manager.getRepository(SubscriptionRow).update({ consultationId }, { createdAt: BASE });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const report = await new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification, { batchSize: 3 }).runDue(plus(1000));
    await holding;
    expect(report).toEqual({ accepted: 10, retried: 0, dead: 0, cancelled: 0 });
    // Four claims with deliveries and one empty, and the records: all on the thread.
    expect(bookkeeping.threadCalls - before).toBeGreaterThanOrEqual(6);
    // What the thread committed, the DataSource reads at once.
    const ids = new Set(receiver.received.filter((r) => r.path.endsWith(consultationId)).map((r) => r.id));
    expect(ids.size).toBe(10);
    const rows = await backend.db.getRepository(NotificationDeliveryRow).findBy({ status: 'sent', claimedUntil: IsNull(), attempts: 1 });
    expect(rows.filter((row) => ids.has(row.id))).toHaveLength(10);
    // The WAL checkpoint it otherwise makes once its commits pause, asked for now (what the bench does before timing its ceiling).
    await expect(bookkeeping.checkpoint()).resolves.toBeUndefined();
  });

  /** Resolves once the receiver has had `count` requests for the consultation. */
  async function received(consultationId: string, count: number): Promise<void> {
    while (receiver.received.filter((r) => r.path.endsWith(consultationId)).length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** The sessions whose transactions hold the consultation's deliveries locked (a row lock's `xmax` is its transaction's id). */
  const claimSessions = async (consultationId: string): Promise<number[]> => (await backend.db.query(
    `SELECT DISTINCT l.pid FROM pg_locks l JOIN ${table(NotificationDeliveryRow)} d ON l.transactionid = d.xmax ` +
    `JOIN ${table(SubscriptionRow)} s ON s.id = d."subscriptionId" WHERE l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND s."consultationId" = $1`,
    [consultationId],
  )).map((row: { pid: number }) => row.pid);

  // PostgreSQL holds its claims as row locks (postgres-claims.ts): not registered on SQLite, which keeps leases.
  if (postgresOnly) it('on PostgreSQL, leaves a claim whose connection is lost to another dispatcher at once, not after the lease', async () => {
    const consultationId = randomUUID();
    await subscribers(consultationId, ['k1', 'k2', 'k3'].map((p) => `${p}-${consultationId}`));
    await remind(consultationId, BASE);
    receiver.delayMs = 1000;
    const settings = { concurrency: 1 };
    const first = new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification, settings).runDue(plus(1000));
    const firstFailed = expect(first).rejects.toThrow();
    await received(consultationId, 1);
    const sessions = await claimSessions(consultationId);
    expect(sessions).toHaveLength(1);
    // What a killed worker's connection does: the server ends the session, its transaction and locks with it.
    const started = Date.now();
    await backend.db.query('SELECT pg_terminate_backend($1)', [sessions[0]]);
    // pg_terminate_backend only signals the session: its locks go when it has ended, which under load takes a moment.
    while ((await backend.db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [sessions[0]])).length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    receiver.delayMs = 0;
    const second = await new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification).runDue(plus(1000));
    expect(second.accepted).toBe(3);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The first's batch is not recorded as kept: its run fails, and it sent nothing more once it knew.
    await firstFailed;
    const mine = receiver.received.filter((r) => r.path.endsWith(consultationId));
    expect(new Set(mine.map((r) => r.id)).size).toBe(3);
    expect(mine).toHaveLength(4);
    const rows = await backend.db.getRepository(NotificationDeliveryRow).findBy({ id: In([...new Set(mine.map((r) => r.id))]) });
    expect(rows.map((row) => [row.status, row.attempts])).toEqual([['sent', 1], ['sent', 1], ['sent', 1]]);
  });

  if (postgresOnly) it('on PostgreSQL, frees the rows of a dispatcher that hangs: its claim\'s transaction ends after the lease idle', async () => {
    const consultationId = randomUUID();
    await subscribers(consultationId, ['h1', 'h2'].map((p) => `${p}-${consultationId}`));
    await remind(consultationId, BASE);
    receiver.delayMs = 50;
    const first = new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification, { concurrency: 1, leaseMs: 300 }).runDue(plus(1000));
    const firstFailed = expect(first).rejects.toThrow();
    await received(consultationId, 1);
    // The whole process stops for 1 s, the dispatcher's heartbeat with it (a worker stuck in a loop).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    receiver.delayMs = 0;
    const second = await new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification).runDue(plus(1000));
    expect(second.accepted).toBe(2);
    await firstFailed;
  });

  if (postgresOnly) it('on PostgreSQL, refuses to redeliver a failed delivery a batch is sending, without waiting for the batch', async () => {
    const consultationId = randomUUID();
    await subscribers(consultationId, [`r-${consultationId}`]);
    await remind(consultationId, BASE);
    const [subscription] = await backend.db.getRepository(SubscriptionRow).findBy({ consultationId });
    await backend.db.getRepository(NotificationDeliveryRow).update({ subscriptionId: subscription.id }, { status: 'failed', attempts: 1 });
    const [delivery] = await backend.db.getRepository(NotificationDeliveryRow).findBy({ subscriptionId: subscription.id });
    receiver.delayMs = 1000;
    let done = false;
    const running = new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification).runDue(plus(1000));
    void running.finally(() => (done = true));
    await received(consultationId, 1);
    const log = new TypeormDeliveryLog(backend.db);
    expect(await log.redeliver(delivery.id, plus(1000), new Date().toISOString())).toEqual({ outcome: 'refused', status: 'failed' });
    expect(done).toBe(false);
    expect((await running).accepted).toBe(1);
    expect(await log.redeliver(delivery.id, plus(1000), new Date().toISOString())).toEqual({ outcome: 'refused', status: 'sent' });
  });

  if (postgresOnly) it('on PostgreSQL, removing a subscription cancels what no batch holds, without waiting for the batches', async () => {
    const consultationId = randomUUID();
    await subscribers(consultationId, [`u-${consultationId}`]);
    for (let k = 0; k < 5; k += 1) await remind(consultationId, plus(k));
    const [subscription] = await backend.db.getRepository(SubscriptionRow).findBy({ consultationId });
    receiver.delayMs = 400;
    let done = false;
    // Batches of 2, two open: four of the five held while the first is sent.
    const running = new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification, { batchSize: 2 }).runDue(plus(1000));
    void running.finally(() => (done = true));
    await received(consultationId, 1);
    await new TypeormSubscriptionRepository(backend.db).remove(subscription.id, null, plus(1000));
    expect(done).toBe(false);
    const statuses = async () => (await backend.db.getRepository(NotificationDeliveryRow).findBy({ subscriptionId: subscription.id })).map((d) => d.status).sort();
    expect(await statuses()).toEqual(['cancelled', 'pending', 'pending', 'pending', 'pending']);
    await running;
    // What the batches held was sent (they had read the subscription before its removal), as with a lease.
    expect(await statuses()).toEqual(['cancelled', 'sent', 'sent', 'sent', 'sent']);
  });

  it('keeps the other tries of a batch when one cannot be recorded (an error text the database refuses)', async () => {
    const consultationId = randomUUID();
    const paths = ['g1', 'g2', 'g3'].map((p) => `${p}-${consultationId}`);
    await subscribers(consultationId, paths);
    await remind(consultationId, BASE);
    receiver.delayMs = 0;
    // The receiver's answer reaches the record as sent (a NUL character, which PostgreSQL's text and SQLite's bindings take differently).
    const refusing = { name: 'webhook' as const, deliver: async (n: Parameters<WebhookChannel['deliver']>[0]) => {
      const outcome = await channel.deliver(n);
      return n.subscription.address.includes('/g2-') ? { status: 'retry' as const, error: 'HTTP 503: \u0000' } : outcome;
    } };
    const run = new DeliveryDispatcher(backend.db, { webhook: refusing }, renderNotification, { batchSize: 3 }).runDue(plus(1000));
    const rowsOf = async () => {
      const subscriptions = await backend.db.getRepository(SubscriptionRow).findBy({ consultationId });
      const rows = await backend.db.getRepository(NotificationDeliveryRow).findBy({ subscriptionId: In(subscriptions.map((s) => s.id)) });
      return subscriptions.map((s) => s.address.split('/').pop()!.split('-')[0] + ':' + rows.find((r) => r.subscriptionId === s.id)!.status).sort();
    };
    if (postgresOnly) {
      // The batch's statement fails on the bad one; the two others are kept, the bad one is left due, unlocked.
      await expect(run).rejects.toThrow();
      expect(await rowsOf()).toEqual(['g1:sent', 'g2:pending', 'g3:sent']);
      expect(await heldCount(consultationId)).toBe(0);
      // Not left due for the other tests' runs.
      await backend.db.getRepository(NotificationDeliveryRow).update({ status: 'pending', subscriptionId: In((await backend.db.getRepository(SubscriptionRow).findBy({ consultationId })).map((s) => s.id)) }, { status: 'dead' });
    } else {
      await run;
      expect(await rowsOf()).toEqual(['g1:sent', 'g2:failed', 'g3:sent']);
    }
  });

  it('writes its bookkeeping without waiting for the disk, and leaves the DataSource\'s own durability as it was', async () => {
    const consultationId = randomUUID();
    await subscribers(consultationId, ['d1', 'd2', 'd3'].map((p) => `${p}-${consultationId}`));
    await remind(consultationId, BASE);
    receiver.delayMs = 0;
    const report = await new DeliveryDispatcher(backend.db, { webhook: channel }, renderNotification).runDue(plus(1000));
    expect(report.accepted).toBe(3);
    if (backend.db.options.type === 'postgres') {
      // The dispatcher's sessions commit asynchronously; everything else on the DataSource (the outbox rows) still waits for the flush.
      const session = await relaxedClient(backend.db);
      try {
        expect((await session.query('SHOW synchronous_commit')).rows).toEqual([{ synchronous_commit: 'off' }]);
      } finally {
        session.release();
      }
      expect(await backend.db.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'on' }]);
    } else {
      // The bookkeeping's transactions ran with synchronous=NORMAL; the connection is FULL again for every other writer (2 = FULL).
      expect(await backend.db.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    }
  });
});
