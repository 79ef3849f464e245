import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { EventStore, NewEvent } from '@consult/event-store';
import { councilApprovalV1, launchSnapshot, LaunchData } from '@consult/workflows';
import { SqliteEventStore } from '../../event-store/src/adapters/sqlite.event-store';
import { PostgresEventStore } from '../../event-store/src/adapters/postgres.event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../event-store/src/adapters/postgres.test-database';
import { LEGACY_CHECKPOINT, readCheckpoints } from './checkpoint';
import { launchedState, type Replayer } from './projection';
import { consultationSummaryProjection } from './consultation-summary/consultation-summary.projection';
import { contributionsProjection } from './contributions/contributions.projection';
import { Projector } from './projector';
import { openReadModels } from './read-model.datasource';
import { CheckpointRow, ConsultationSummaryRow, ContributionRow } from './read-model.entities';

const metadata = { actor: { sub: 's', role: 'secretariat' as const }, correlationId: 'c', causationId: 'c', recordedAt: '2020-04-01T09:00:00.000Z' };

interface Setup { store: EventStore; db: DataSource; cleanup(): Promise<void> }

async function sqlite(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-checkpoints-'));
  const path = join(dir, 'consult.db');
  return { store: await SqliteEventStore.open({ path }), db: await openReadModels({ sqlitePath: path }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgres(): Promise<Setup> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_checkpoints');
  const store = await PostgresEventStore.open({ connectionString: url, schema });
  return { store, db: await openReadModels({ databaseUrl: url, schema, sqlitePath: ':memory:' }), cleanup: () => dropSchemas(url, [schema]) };
}

const launchOf = (id: string): LaunchData => ({
  consultationId: id, workflow: 'council-approval', version: 1, title: { en: 'T' }, eligibleGroups: ['member-state'], timezone: 'UTC', launchedAt: metadata.recordedAt,
});
const replay: Replayer = async (event) => {
  const launch = launchOf(event.stream.slice('consultation-'.length));
  return launchedState(launch, councilApprovalV1);
};
const contribution = (consultationId: string): NewEvent => {
  const contributionId = randomUUID();
  return {
    id: contributionId, type: 'ContributionSubmitted', metadata,
    data: { contributionId, consultationId, kind: 'comment', text: 't', language: 'en', submittedAt: metadata.recordedAt, author: { sub: 'p' } },
  };
};

/** A consultation and `n` contributions to it. */
async function seed(store: EventStore, n: number): Promise<string> {
  const id = randomUUID();
  await store.append(`consultation-${id}`, [{ id: randomUUID(), type: 'ConsultationLaunched', data: launchOf(id) as never, metadata }]);
  for (let i = 0; i < n; i += 1) await store.append(`contributions-${id}`, [contribution(id)]);
  return id;
}

describe.each([['sqlite', sqlite], ['postgres', postgres]] as const)('checkpoints on %s', (_name, setup) => {
  let s: Setup;
  const projectors: Projector[] = [];
  const started = async (projections = [consultationSummaryProjection, contributionsProjection]) => {
    const projector = new Projector(s.store, s.db, replay, (error) => { throw error; }, 20, projections);
    projectors.push(projector);
    await projector.start();
    return projector;
  };

  beforeAll(async () => {
    s = await setup();
  });

  afterAll(async () => {
    projectors.forEach((p) => p.stop());
    await s.db.destroy();
    await s.store.close();
    await s.cleanup();
  });

  it('gives each projection the shared checkpoint an older version left, and folds only what follows it', async () => {
    const before = await seed(s.store, 2);
    const legacy = await s.store.headPosition();
    await s.db.getRepository(CheckpointRow).insert({ name: LEGACY_CHECKPOINT, position: legacy });
    const after = await seed(s.store, 1);
    const projector = await started();
    expect((await projector.catchUp(10_000)).fresh).toBe(true);
    const head = await s.store.headPosition();
    expect(Object.fromEntries(await readCheckpoints(s.db))).toEqual({ 'consultation-summary': head, contributions: head });
    expect(await s.db.getRepository(ConsultationSummaryRow).countBy({ id: before })).toBe(0);
    expect(await s.db.getRepository(ConsultationSummaryRow).findOneByOrFail({ id: after })).toMatchObject({ contributions: 1 });
  });

  it('rebuilds one projection alone: its rows again from position 0, the other untouched', async () => {
    projectors.splice(0).forEach((p) => p.stop());
    await s.db.getRepository(ContributionRow).createQueryBuilder().update().set({ text: 'kept as it was' }).execute();
    const rebuild = new Projector(s.store, s.db, replay, undefined, 20, [consultationSummaryProjection]);
    await rebuild.reset();
    await rebuild.start();
    projectors.push(rebuild);
    expect((await rebuild.catchUp(10_000)).fresh).toBe(true);
    const rows = await s.db.getRepository(ConsultationSummaryRow).find();
    expect(rows.map((row) => row.contributions).sort()).toEqual([1, 2]);
    expect(new Set((await s.db.getRepository(ContributionRow).find()).map((row) => row.text))).toEqual(new Set(['kept as it was']));
  });

  it('a running projector follows a projection another process took back to 0, and waits for it', async () => {
    projectors.splice(0).forEach((p) => p.stop());
    const running = await started();
    await new Projector(s.store, s.db, replay, undefined, 20, [contributionsProjection]).reset();
    const id = await seed(s.store, 3);
    expect((await running.catchUp(10_000, ['consultation-summary'])).fresh).toBe(true);
    expect((await running.catchUp(10_000)).fresh).toBe(true);
    const head = await s.store.headPosition();
    expect(Object.fromEntries(await readCheckpoints(s.db))).toEqual({ 'consultation-summary': head, contributions: head });
    expect(await s.db.getRepository(ContributionRow).count()).toBe(6);
    expect(await s.db.getRepository(ContributionRow).countBy({ consultationId: id })).toBe(3);
  });
});
