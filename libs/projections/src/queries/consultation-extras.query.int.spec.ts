import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DeadlineRow } from '@consult/deadlines';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../../event-store/src/adapters/postgres.test-database';
import { ContributionCountRow } from '../contribution-counts/contribution-count.entity';
import { READ_MODEL_ENTITIES } from '../read-model.entities';
import { ConsultationExtrasQuery } from './consultation-extras.query';

interface Backend { db: DataSource; cleanup(): Promise<void> }

async function sqlite(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-extras-'));
  const db = await new DataSource({ type: 'better-sqlite3', database: join(dir, 'read-models.db'), entities: READ_MODEL_ENTITIES, synchronize: true }).initialize();
  return { db, cleanup: async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
}

async function postgres(): Promise<Backend> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_extras');
  const db = await new DataSource({ type: 'postgres', url, schema, entities: READ_MODEL_ENTITIES }).initialize();
  await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await db.synchronize();
  return { db, cleanup: async () => { await db.destroy(); await dropSchemas(url, [schema]); } };
}

const NOW = new Date('2023-02-02T10:00:00Z');

function deadline(consultationId: string, key: string, kind: string, atUtc: string): DeadlineRow {
  return Object.assign(new DeadlineRow(), {
    consultationId, key, kind, at: atUtc, atUtc, title: key, setAt: '2023-01-01T00:00:00.000Z',
    consultationTitle: { en: consultationId }, reference: null, timezone: 'Asia/Tokyo', eligibleGroups: ['member-state'],
  });
}

const count = (consultationId: string, group: string, section: string, submitted: number, published: number): ContributionCountRow =>
  Object.assign(new ContributionCountRow(), { consultationId, group, kind: 'comment', section, submitted, published });

describe.each([['sqlite', sqlite], ['postgres', postgres]] as const)('a page of consultations\' deadlines and published totals on %s', (_name, open) => {
  let backend: Backend;
  let query: ConsultationExtrasQuery;

  beforeAll(async () => {
    backend = await open();
    query = new ConsultationExtrasQuery(backend.db, () => NOW);
    await backend.db.getRepository(DeadlineRow).save([
      deadline('a', 'closes', 'consultation-closes', '2023-03-01T14:59:00.000Z'),
      deadline('a', 'meeting:past', 'meeting-starts', '2023-02-01T09:00:00.000Z'),
      deadline('a', 'meeting:next', 'meeting-starts', '2023-02-10T09:00:00.000Z'),
      deadline('b', 'closes', 'consultation-closes', '2023-02-05T00:00:00.000Z'),
      deadline('other', 'closes', 'consultation-closes', '2023-02-03T00:00:00.000Z'),
    ]);
    await backend.db.getRepository(ContributionCountRow).save([
      count('a', 'member-state', '1', 3, 2), count('a', 'academia', '2', 1, 1), count('b', '', '', 2, 0), count('other', '', '', 9, 9),
    ]);
  });
  afterAll(() => backend.cleanup());

  it('gives each asked consultation its upcoming deadlines soonest first, leaving out meetings already begun', async () => {
    const extras = await query.execute(['a', 'b', 'none']);
    expect([...extras.deadlines.keys()].sort()).toEqual(['a', 'b']);
    expect(extras.deadlines.get('a')!.map((d) => [d.key, d.dueAt, d.timezone])).toEqual([
      ['meeting:next', '2023-02-10T09:00:00.000Z', 'Asia/Tokyo'],
      ['closes', '2023-03-01T14:59:00.000Z', 'Asia/Tokyo'],
    ]);
  });

  it('sums the published contributions of each asked consultation, and nothing for others', async () => {
    const extras = await query.execute(['a', 'b', 'none']);
    expect([...extras.published.entries()].sort()).toEqual([['a', 3], ['b', 0]]);
  });

  it('asks nothing for an empty page', async () => {
    const extras = await query.execute([]);
    expect([extras.deadlines.size, extras.published.size]).toEqual([0, 0]);
  });
});
