import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '@consult/event-store/testing';
import { NotificationDeliveryRow, SubscriptionRow } from '@consult/notifications/entities';
import { openReadModels } from '@consult/projections';
import { bookkeepingTables, relaxedClient } from '../../libs/notifications/src/infrastructure/bookkeeping';
import { claimSql, recordSql } from '../../libs/notifications/src/infrastructure/postgres-batch';

const AT = '2026-05-04T08:00:00.000Z';

interface PlanNode { 'Node Type': string; 'Index Name'?: string; 'Relation Name'?: string; Plans?: PlanNode[]; 'Subplan Name'?: string }
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/**
 * The claim on PostgreSQL as the dispatcher's sessions plan it, right after a reminder wrote its
 * deliveries (no ANALYZE since: the statistics say the table is nearly empty, as they do in
 * production then). It must read the to-send index in order and stop at its limit, not read every
 * due row and sort them for each claim (12-16 ms a claim at 10,000 pending, measured).
 */
describe('the PostgreSQL claim', () => {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_pg_claims');
  let db: DataSource;

  beforeAll(async () => {
    db = await openReadModels({ databaseUrl: url, schema, sqlitePath: ':memory:' });
    const subscription = randomUUID();
    await db.getRepository(SubscriptionRow).insert({
      id: subscription, ownerSub: 'sub-1', ownerRole: 'secretariat', ownerGroup: null, ownerOrg: null, consultationId: 'c-1', channel: 'webhook',
      address: 'http://127.0.0.1:9/hook', language: 'en', digest: 'immediate', status: 'active', fromPosition: 0, createdAt: AT, removedAt: null,
      idempotencyKey: null, requestHash: null,
    });
    // The statistics as a fresh outbox has them, then one reminder's 5,000 deliveries at one due time.
    await db.query(`ANALYZE "${schema}"."notification_delivery"`);
    await db.query(
      `INSERT INTO "${schema}"."notification_delivery" ("id", "notificationId", "subscriptionId", "channel", "status", "attempts", "nextAttemptAt", "createdAt", "kind") ` +
      `SELECT gen_random_uuid()::text, gen_random_uuid()::text, $1, 'webhook', 'pending', 0, $2, $2, 'notification' FROM generate_series(1, 5000)`,
      [subscription, AT],
    );
  }, 60_000);

  afterAll(async () => {
    await db.destroy();
    await dropSchemas(url, [schema]);
  });

  it('reads the due deliveries in the order of the to-send index, without a bitmap scan and a sort of every due row', async () => {
    const client = await relaxedClient(db);
    try {
      const tables = bookkeepingTables(db);
      const [{ 'QUERY PLAN': [plan] }] = (await client.query({ name: 'test_explain_claim', text: `EXPLAIN (FORMAT JSON) ${claimSql(tables, 50)}`, values: [AT, AT] })).rows;
      const picked = nodes(plan.Plan).find((node) => node['Subplan Name'] === 'CTE picked')!;
      const below = nodes(picked);
      expect(below.map((node) => node['Node Type'])).not.toContain('Sort');
      expect(below.map((node) => node['Node Type'])).not.toContain('Bitmap Heap Scan');
      expect(below.find((node) => node['Node Type'] === 'Index Scan')?.['Index Name']).toBe('notification_delivery_to_send');
      // JIT never pays for statements of 50 rows, and a plan's cost can start it (250 ms a claim, measured).
      expect((await client.query('SHOW jit')).rows[0].jit).toBe('off');
    } finally {
      client.release();
    }
  });
  it('records a batch by index, also with the plan it cached while the outbox was small: no scan of the whole table', async () => {
    const client = await relaxedClient(db);
    const tables = bookkeepingTables(db);
    const tries = JSON.stringify(Array.from({ length: 50 }, (_, i) => ({
      attemptId: null, deliveryId: `absent-${i}`, attempts: 1, at: AT, outcome: 'accepted', error: null, status: 'sent', nextAttemptAt: AT, sentAt: AT,
    })));
    try {
      await client.query('BEGIN');
      // A small outbox as the statistics know it, the statement prepared and run until PostgreSQL caches a generic plan
      // (after five runs), then the outbox grown to 25,000 deliveries, which no ANALYZE and no cached plan hears of.
      await client.query(`DELETE FROM ${tables.delivery} WHERE "id" NOT IN (SELECT "id" FROM ${tables.delivery} LIMIT 100)`);
      await client.query(`ANALYZE ${tables.delivery}`);
      await client.query(`PREPARE record_tries(json) AS ${recordSql(tables).replace('$1::json', '$1')}`);
      for (let run = 0; run < 6; run += 1) await client.query(`EXECUTE record_tries('${tries}')`);
      await client.query(`INSERT INTO ${tables.delivery} ("id", "notificationId", "subscriptionId", "channel", "status", "attempts", "nextAttemptAt", "createdAt", "kind") ` +
        `SELECT gen_random_uuid()::text, gen_random_uuid()::text, 's', 'webhook', 'sent', 1, '${AT}', '${AT}', 'notification' FROM generate_series(1, 25000)`);
      const [{ 'QUERY PLAN': [plan] }] = (await client.query(`EXPLAIN (FORMAT JSON) EXECUTE record_tries('${tries}')`)).rows;
      const scans = nodes(plan.Plan).filter((node) => node['Relation Name'] === 'notification_delivery').map((node) => node['Node Type']);
      expect(scans).toEqual(['ModifyTable', 'Index Scan']);
    } finally {
      await client.query('ROLLBACK');
      await client.query('DEALLOCATE record_tries').catch(() => undefined); // none if the test failed before PREPARE
      client.release();
    }
  });
});
