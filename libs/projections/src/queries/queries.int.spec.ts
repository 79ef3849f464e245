import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../../event-store/src/adapters/postgres.test-database';
import { openReadModels } from '../read-model.datasource';
import { ConsultationSummaryRow, ContributionRow } from '../read-model.entities';
import { searchText } from '../consultation-summary/consultation-summary.entity';
import { ContributionsExistQuery } from './contributions-exist.query';
import { ListConsultationsQuery } from './list-consultations.query';
import type { Freshness } from '../freshness';

interface Backend { db: DataSource; cleanup(): Promise<void> }

async function sqlite(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-queries-'));
  const db = await openReadModels({ sqlitePath: join(dir, 'consult.db') });
  return { db, cleanup: async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
}

async function postgres(): Promise<Backend> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_queries');
  const db = await openReadModels({ databaseUrl: url, schema, sqlitePath: ':memory:' });
  return { db, cleanup: async () => { await db.destroy(); await dropSchemas(url, [schema]); } };
}

const TITLES = ['Growth 100% guaranteed', 'snake_case names', 'Back\\slash policy', 'Plain guidelines', 'Ünïcode «quotes» "here"'];
const caughtUp = { catchUp: async (): Promise<Freshness> => ({ fresh: true, checkpoint: 0, head: 0 }) };

/** Even rows carry their search text, as the projection writes it; odd ones are rows from before it existed. */
function summary(i: number, title: string): ConsultationSummaryRow {
  const [titles, reference] = [{ en: title, fr: 'Lignes directrices' }, i === 3 ? 'CL-20/18' : null];
  return Object.assign(new ConsultationSummaryRow(), {
    id: `c-${i}`, workflow: 'council-approval', workflowVersion: 1, title: titles, reference, search: i % 2 ? null : searchText(titles, reference),
    state: i % 2 ? 'preparing' : 'consultationOpen', phase: null, eligibleGroups: ['member-state'],
    launchedAt: `2020-04-0${i + 1}T09:00:00.000Z`, updatedAt: '2020-04-01T09:00:00.000Z', version: 0, nextDeadlineAt: null, contributions: 0,
  });
}

describe.each([['sqlite', sqlite], ['postgres', postgres]] as const)('read-model queries on %s', (_name, open) => {
  let backend: Backend;

  beforeAll(async () => {
    backend = await open();
    await backend.db.getRepository(ConsultationSummaryRow).save(TITLES.map((title, i) => summary(i, title)));
    const contributions = Array.from({ length: 1_200 }, (_, i) => Object.assign(new ContributionRow(), {
      id: `k-${i}`, consultationId: i < 1_100 ? 'c-0' : 'c-1', kind: 'comment', section: '1', text: 't', language: 'en', action: null,
      target: null, reason: null, authorSub: 's', authorName: null, authorGroup: null, authorOrg: null,
      submittedAt: '2020-04-01T09:00:00.000Z', published: false, publishedAt: null,
    }));
    await backend.db.getRepository(ContributionRow).save(contributions, { chunk: 200 });
  });

  afterAll(() => backend.cleanup());

  describe('ListConsultationsQuery', () => {
    const ids = async (request: object) => (await new ListConsultationsQuery(backend.db, caughtUp).execute(request)).value.items.map((c) => c.id);

    it('matches LIKE wildcards and the escape character as themselves', async () => {
      expect(await ids({ q: '%' })).toEqual(['c-0']);
      expect(await ids({ q: '_' })).toEqual(['c-1']);
      expect(await ids({ q: '\\' })).toEqual(['c-2']);
      expect(await ids({ q: '100%' })).toEqual(['c-0']);
    });

    it('searches the texts of the title in any language and the reference, never the JSON around them', async () => {
      expect(await ids({ q: 'GUIDELINES' })).toEqual(['c-3']);
      expect(await ids({ q: 'cl-20' })).toEqual(['c-3']);
      expect(await ids({ q: '«quotes» "here"' })).toEqual(['c-4']);
      expect(await ids({ q: 'directrices' })).toHaveLength(5);
      expect(await ids({ q: '"en"' })).toEqual([]);
      expect(await ids({ q: '{' })).toEqual([]);
    });

    it('matches letters beyond ASCII in either case, and never returns the search text', async () => {
      expect(await ids({ q: 'ÜNÏCODE' })).toEqual(['c-4']);
      const { items } = (await new ListConsultationsQuery(backend.db, caughtUp).execute({ q: 'plain' })).value;
      expect(items.map((c) => c.id)).toEqual(['c-3']);
      expect(JSON.parse(JSON.stringify(items[0]))).not.toHaveProperty('search');
    });

    it('pages newest first; total counts the filtered rows', async () => {
      const query = new ListConsultationsQuery(backend.db, caughtUp);
      expect((await query.execute({ limit: 2, offset: 1 })).value).toMatchObject({ total: 5, items: [{ id: 'c-3' }, { id: 'c-2' }] });
      expect((await query.execute({ state: 'consultationOpen', limit: 1 })).value).toMatchObject({ total: 3, items: [{ id: 'c-4' }] });
      expect((await query.execute({ offset: 1_000_000_000 })).value).toEqual({ total: 5, items: [] });
    });

    it('passes on how current the read models are', async () => {
      const stale: Freshness = { fresh: false, checkpoint: 7, head: 9 };
      expect((await new ListConsultationsQuery(backend.db, { catchUp: async () => stale }).execute({})).freshness).toEqual(stale);
      expect((await new ListConsultationsQuery(backend.db, caughtUp).execute({})).freshness.fresh).toBe(true);
    });
  });

  describe('ContributionsExistQuery', () => {
    it('checks 10,000 ids in chunks, far beyond the bound-parameter limits, naming the unknown ones', async () => {
      const asked = [...Array.from({ length: 1_100 }, (_, i) => `k-${i}`), 'k-1100', ...Array.from({ length: 8_899 }, (_, i) => `x-${i}`)];
      const { value } = await new ContributionsExistQuery(backend.db, caughtUp).execute('c-0', asked);
      // k-1100 is a contribution to another consultation.
      expect(value.unknown).toHaveLength(8_900);
      expect(value.unknown.slice(0, 2)).toEqual(['k-1100', 'x-0']);
    });

    it('finds every id of a consultation with more contributions than one chunk', async () => {
      const { value } = await new ContributionsExistQuery(backend.db, caughtUp).execute('c-0', Array.from({ length: 1_100 }, (_, i) => `k-${i}`));
      expect(value.unknown).toEqual([]);
    });
  });
});
