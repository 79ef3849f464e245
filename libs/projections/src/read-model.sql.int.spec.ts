import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../event-store/src/adapters/postgres.test-database';
import { openReadModels } from './read-model.datasource';
import { ContributionRow } from './read-model.entities';
import { ReadModelSql } from './read-model.sql';

const IDS = 100_000;

function row(consultationId: string): ContributionRow {
  return {
    id: randomUUID(), consultationId, kind: 'comment', section: null, text: 't', language: 'en', action: null, target: null, reason: null,
    authorSub: 'p', authorName: null, authorGroup: null, authorOrg: null, submittedAt: '2020-04-01T09:00:00.000Z', published: false, publishedAt: null,
  };
}

async function sqlite(): Promise<{ db: DataSource; cleanup(): Promise<void> }> {
  return { db: await openReadModels({ sqlitePath: ':memory:' }), cleanup: async () => undefined };
}

async function postgres(): Promise<{ db: DataSource; cleanup(): Promise<void> }> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_rm_sql');
  return { db: await openReadModels({ databaseUrl: url, schema, sqlitePath: ':memory:' }), cleanup: () => dropSchemas(url, [schema]) };
}

/** SQLite binds at most 32,766 parameters a statement, PostgreSQL 65,535: a consultation may have 100,000 contributions. */
describe.each([['sqlite', sqlite], ['postgres', postgres]] as const)('read-model SQL on %s', (_name, setup) => {
  it(`writes ${IDS.toLocaleString('en')} rows and updates them by id in statements the database accepts`, async () => {
    const { db, cleanup } = await setup();
    try {
      const consultationId = randomUUID();
      const rows = Array.from({ length: IDS }, () => row(consultationId));
      await db.transaction(async (manager) => {
        const sql = new ReadModelSql(manager);
        await sql.upsert(ContributionRow, rows);
        await sql.updateWhereIdIn(ContributionRow, rows.map((r) => r.id), { published: true, publishedAt: '2020-05-01T09:00:00.000Z' });
      });
      const repository = db.getRepository(ContributionRow);
      expect(await repository.countBy({ consultationId, published: true })).toBe(IDS);
    } finally {
      await db.destroy();
      await cleanup();
    }
  }, 120_000);
});
