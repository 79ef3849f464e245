import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type ObjectLiteral } from 'typeorm';
import type { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { ConsultationCache, ConsultationsService, ContributionsService, RequestContext, consultationReplayer } from '@consult/consultation';
import { EventStore, openEventStore } from '@consult/event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../../event-store/src/adapters/postgres.test-database';
import { ContributionCountRow, CountedContributionRow } from '../contribution-counts/contribution-count.entity';
import { contributionCountsProjection } from '../contribution-counts/contribution-counts.projection';
import { PROJECTIONS } from '../projections.registry';
import { Projector } from '../projector';
import { READ_MODEL_ENTITIES } from '../read-model.entities';
import { ContributionCountsQuery, type ContributionCounts } from './contribution-counts.query';
import { ConsultationNotListed } from './list-contributions.query';

interface Backend { store: EventStore; db: DataSource; cleanup(): Promise<void> }
const ENTITIES = [...READ_MODEL_ENTITIES, ContributionCountRow, CountedContributionRow];

async function sqlite(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-counts-'));
  const store = await openEventStore({ kind: 'sqlite', sqlitePath: join(dir, 'consult.db') });
  const db = await new DataSource({ type: 'better-sqlite3', database: join(dir, 'read-models.db'), entities: ENTITIES, synchronize: true }).initialize();
  return { store, db, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgres(): Promise<Backend> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_counts');
  const store = await openEventStore({ kind: 'postgres', sqlitePath: ':memory:', databaseUrl: url, databaseSchema: schema });
  const db = await new DataSource({ type: 'postgres', url, schema, entities: ENTITIES }).initialize();
  await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await db.synchronize();
  return { store, db, cleanup: () => dropSchemas(url, [schema]) };
}

const ctx = (caller: Caller): RequestContext => ({ caller, correlationId: 'c', causationId: 'c' });
const secretariat: Caller = { kind: 'token', sub: 'sec', role: 'secretariat' };
const brazil: Caller = { kind: 'token', sub: 'bra', role: 'participant', group: 'member-state', org: 'BRA' };
const kenya: Caller = { kind: 'token', sub: 'ken', role: 'participant', group: 'member-state', org: 'KEN' };
const geneva: Caller = { kind: 'token', sub: 'unige', role: 'participant', group: 'academia', org: 'UNIGE' };
const LAUNCH = { workflow: 'council-approval', title: { en: 'GCA guidelines' }, eligibleGroups: ['member-state', 'academia'], timezone: 'Europe/Zurich' };
const SECTIONS = [{ number: '2', title: 'Legal measures' }, { number: '5', title: 'Capacity building' }];
const comment = (section: string) => ({ kind: 'comment', section, language: 'en', text: `On section ${section}` });

/** Every row of the counts' tables, in primary-key order. */
async function countRows(db: DataSource): Promise<ObjectLiteral[][]> {
  return Promise.all(contributionCountsProjection.tables.map((table) => {
    const keys = db.getMetadata(table).primaryColumns.map((column) => column.propertyName);
    return db.getRepository(table).find({ order: Object.fromEntries(keys.map((key) => [key, 'ASC'])) });
  }));
}

describe.each([['sqlite', sqlite], ['postgres', postgres]] as const)('the contribution counts read model on %s', (_name, open) => {
  let backend: Backend;
  let projector: Projector;
  let counts: ContributionCounts;
  const fail = (error: unknown) => { throw error; };

  beforeAll(async () => {
    backend = await open();
    const clock = new ManualClock(new Date('2020-04-09T10:00:00Z'));
    const cache = new ConsultationCache(backend.store);
    const consultations = new ConsultationsService(backend.store, clock, cache);
    const contributions = new ContributionsService(backend.store, clock, cache);
    projector = new Projector(backend.store, backend.db, consultationReplayer(backend.store), fail, 1000, PROJECTIONS);
    await projector.start();
    // One page a step: each folds on the counts as stored, which the rebuild below folds in one page.
    const step = async <T>(work: Promise<T>): Promise<T> => {
      const result = await work;
      expect((await projector.catchUp(10_000)).fresh).toBe(true);
      return result;
    };
    const { id } = await step(consultations.launch(LAUNCH, ctx(secretariat)));
    await step(consultations.execute(id, { type: 'publishDraft', payload: { documentRef: 'GCA', version: '1', sections: SECTIONS } }, ctx(secretariat)));
    await step(consultations.execute(id, { type: 'openConsultation', payload: { closesAt: '2020-04-30T21:59:00Z' } }, ctx(secretariat)));
    const fromBrazil = await step(contributions.submit(id, comment('2'), ctx(brazil)));
    await step(contributions.submit(id, comment('2'), ctx(kenya)));
    const formal = await step(contributions.submit(id, { kind: 'formal-contribution', language: 'en', text: 'Our position' }, ctx(kenya)));
    const fromGeneva = await step(contributions.submit(id, comment('5'), ctx(geneva)));
    await step(consultations.execute(id, { type: 'publishContributions', payload: { contributionIds: [fromBrazil.id, fromGeneva.id] } }, ctx(secretariat)));
    // Brazil's comment again: it counts as published once.
    await step(consultations.execute(id, { type: 'publishContributions', payload: { contributionIds: [fromBrazil.id, formal.id] } }, ctx(secretariat)));
    counts = (await new ContributionCountsQuery(backend.db, projector).execute(id)).value;
  }, 60_000);

  afterAll(async () => {
    projector.stop();
    await backend.db.destroy();
    await backend.store.close();
    await backend.cleanup();
  });

  it('counts contributions by the submitting participant\'s group, submitted and published', () => {
    expect(counts.total).toBe(4);
    expect(counts.published).toBe(3);
    expect(counts.byGroup).toEqual({ 'member-state': { submitted: 3, published: 2 }, academia: { submitted: 1, published: 1 } });
  });

  it('counts them by kind and by section, a contribution on no section under ""', () => {
    expect(counts.byKind).toEqual({ comment: { submitted: 3, published: 2 }, 'formal-contribution': { submitted: 1, published: 1 } });
    expect(counts.bySection).toEqual({ '2': { submitted: 2, published: 1 }, '5': { submitted: 1, published: 1 }, '': { submitted: 1, published: 1 } });
  });

  it('gives each group, kind and section\'s count as a row', () => {
    expect(counts.rows).toEqual([
      { group: 'academia', kind: 'comment', section: '5', submitted: 1, published: 1 },
      { group: 'member-state', kind: 'comment', section: '2', submitted: 2, published: 1 },
      { group: 'member-state', kind: 'formal-contribution', section: '', submitted: 1, published: 1 },
    ]);
  });

  it('refuses a consultation the caught-up read models do not list', async () => {
    await expect(new ContributionCountsQuery(backend.db, projector).execute('no-such-consultation')).rejects.toBeInstanceOf(ConsultationNotListed);
  });

  it('holds the same rows after a rebuild from scratch as after following the events one by one', async () => {
    const incremental = await countRows(backend.db);
    const rebuild = new Projector(backend.store, backend.db, consultationReplayer(backend.store), fail, 1000, [contributionCountsProjection]);
    await rebuild.reset();
    await rebuild.start();
    try {
      expect((await rebuild.catchUp(30_000)).fresh).toBe(true);
    } finally {
      rebuild.stop();
    }
    expect(await countRows(backend.db)).toEqual(incremental);
    expect(incremental.map((rows) => rows.length)).toEqual([3, 4]);
  });
});
