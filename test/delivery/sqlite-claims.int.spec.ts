import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { NotificationDeliveryRow, SubscriptionRow } from '@consult/notifications/entities';
import { openReadModels } from '@consult/projections';
import { claimOnSqlite, type SqliteQuery, type BookkeepingTables } from '../../libs/notifications/src/infrastructure/sqlite-bookkeeping';

const AT = '2026-05-04T08:00:00.000Z';
const TABLES: BookkeepingTables = { delivery: '"notification_delivery"', subscription: '"subscription"', attempt: '"notification_delivery_attempt"' };

/** The DataSource's own better-sqlite3 connection, as the statements' synchronous `query`. */
function queryOf(db: DataSource): { query: SqliteQuery; connection: { prepare(sql: string): { all(...p: unknown[]): any[]; run(...p: unknown[]): unknown; reader: boolean } } } {
  const connection = (db.driver as unknown as { databaseConnection: { prepare(sql: string): { all(...p: unknown[]): any[]; run(...p: unknown[]): unknown; reader: boolean } } }).databaseConnection;
  const query: SqliteQuery = (sql, params = []) => {
    const statement = connection.prepare(sql);
    if (statement.reader) return statement.all(...params);
    statement.run(...params);
    return [];
  };
  return { query, connection };
}

describe('the SQLite claim', () => {
  let dir: string;
  let db: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'consult-sqlite-claims-'));
    db = await openReadModels({ sqlitePath: join(dir, 'consult.db') });
    const subscription = randomUUID();
    await db.getRepository(SubscriptionRow).insert({
      id: subscription, ownerSub: 'sub-1', ownerRole: 'secretariat', ownerGroup: null, ownerOrg: null, consultationId: 'c-1', channel: 'webhook',
      address: 'http://127.0.0.1:9/hook', language: 'en', digest: 'immediate', status: 'active', fromPosition: 0, createdAt: AT, removedAt: null,
      idempotencyKey: null, requestHash: null,
    });
    // 2,000 pending at one due time (one reminder), 500 already sent, and a few due earlier written last.
    const delivery = (status: string, nextAttemptAt: string) => ({
      id: randomUUID(), notificationId: randomUUID(), subscriptionId: subscription, channel: 'webhook', status, attempts: 0, nextAttemptAt,
      createdAt: AT, kind: 'notification', contentId: null, claimedUntil: null, lastError: null, sentAt: null,
    });
    const rows = [
      ...Array.from({ length: 2000 }, () => delivery('pending', AT)),
      ...Array.from({ length: 500 }, () => delivery('sent', AT)),
      ...Array.from({ length: 3 }, () => delivery('failed', '2026-05-04T07:00:00.000Z')),
    ];
    for (let i = 0; i < rows.length; i += 200) await db.getRepository(NotificationDeliveryRow).insert(rows.slice(i, i + 200));
  });

  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the due deliveries in the order of the to-send index, without sorting every pending row for each claim', () => {
    const { query, connection } = queryOf(db);
    const plans: string[][] = [];
    const planning: SqliteQuery = (sql, params) => {
      if (sql.startsWith('SELECT')) plans.push(connection.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params ?? [])).map((step) => String(step.detail)));
      return query(sql, params);
    };
    claimOnSqlite(TABLES, planning, { at: AT, nowIso: AT, until: '2026-05-04T08:01:00.000Z', limit: 100 });
    expect(plans).toHaveLength(1);
    expect(plans[0].some((step) => step.includes('notification_delivery_to_send'))).toBe(true);
    expect(plans[0].filter((step) => step.includes('TEMP B-TREE'))).toEqual([]);
  });

  it('claims oldest due first, equal due times in the order written, and skips what a live claim holds', async () => {
    const { query } = queryOf(db);
    const written = (await db.query(`SELECT "id" FROM "notification_delivery" WHERE "status" IN ('pending', 'failed') ORDER BY rowid`)).map((r: { id: string }) => r.id);
    const [earlier, ordered] = [written.slice(-3), written.slice(0, -3)];
    const now = '2026-05-04T09:00:00.000Z';
    const first = claimOnSqlite(TABLES, query, { at: AT, nowIso: now, until: '2026-05-04T09:01:00.000Z', limit: 50 });
    expect(first.map((row) => row.id)).toEqual([...earlier, ...ordered.slice(0, 47)]);
    const second = claimOnSqlite(TABLES, query, { at: AT, nowIso: now, until: '2026-05-04T09:01:00.000Z', limit: 50 });
    expect(second.map((row) => row.id)).toEqual(ordered.slice(47, 97));
    expect(second[0]).toMatchObject({ address: 'http://127.0.0.1:9/hook', language: 'en', attempts: 0 });
  });
});
