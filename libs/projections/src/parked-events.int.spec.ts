import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EventStore, NewEvent } from '@consult/event-store';
import { councilApprovalV1, launchSnapshot, LaunchData } from '@consult/workflows';
import { checkHealth, MetricsService, registerProjectionGauges } from '@consult/observability';
import { SqliteEventStore } from '../../event-store/src/adapters/sqlite.event-store';
import { PostgresEventStore } from '../../event-store/src/adapters/postgres.event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../event-store/src/adapters/postgres.test-database';
import { openReadModels } from './read-model.datasource';
import { ConsultationSummaryRow, ContributionRow } from './read-model.entities';
import { listParkedEvents, retryParkedEvents } from './parked-events';
import { projectionStatus } from './projection-status';
import { Projector } from './projector';
import { launchedState, type Replayer } from './projection';

const metadata = { actor: { sub: 's', role: 'secretariat' as const }, correlationId: 'c', causationId: 'c', recordedAt: '2020-04-01T09:00:00.000Z' };

/** Where the events and read models live, and a contribution text that read-model database cannot hold. */
interface Setup { store: EventStore; db: DataSource; poisonText: unknown; poisonError: RegExp; cleanup(): Promise<void> }

async function sqlite(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-parked-'));
  const path = join(dir, 'consult.db');
  // SQLite holds U+0000; a text of the wrong type (null) is what its read model refuses.
  return {
    store: await SqliteEventStore.open({ path }), db: await openReadModels({ sqlitePath: path }), poisonText: null, poisonError: /NOT NULL/,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgres(): Promise<Setup> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_parked');
  const store = await PostgresEventStore.open({ connectionString: url, schema });
  return {
    store, db: await openReadModels({ databaseUrl: url, schema, sqlitePath: ':memory:' }), poisonText: 'before\u0000after', poisonError: /0x00/,
    cleanup: () => dropSchemas(url, [schema]),
  };
}

const launchOf = (id: string): LaunchData => ({
  consultationId: id, workflow: 'council-approval', version: 1, title: { en: 'T' }, eligibleGroups: ['member-state'], timezone: 'UTC', launchedAt: metadata.recordedAt,
});

function contribution(consultationId: string, text: unknown): NewEvent {
  const contributionId = randomUUID();
  return {
    id: contributionId, type: 'ContributionSubmitted', metadata,
    data: { contributionId, consultationId, kind: 'comment', text, language: 'en', submittedAt: metadata.recordedAt, author: { sub: 'p' } },
  };
}

/** A replay of launches only (enough for a summary row), which fails for the consultations in `broken`. */
function replayer(broken: Set<string>): Replayer {
  return async (event) => {
    const id = event.stream.slice('consultation-'.length);
    if (broken.has(id)) throw new Error(`workflow unavailable for ${id}`);
    const launch = launchOf(id);
    return launchedState(launch, councilApprovalV1);
  };
}

describe.each([['sqlite', sqlite], ['postgres', postgres]] as const)('parked events on %s', (_name, setup) => {
  let s: Setup;
  const projectors: Projector[] = [];
  const reports: unknown[] = [];
  const broken = new Set<string>();
  const start = async () => {
    const projector = new Projector(s.store, s.db, replayer(broken), (error) => reports.push(error), 20);
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

  it('parks a contribution its read model cannot hold, projects the events around it, and shows it on health and metrics', async () => {
    const id = randomUUID();
    await s.store.append(`consultation-${id}`, [{ id: randomUUID(), type: 'ConsultationLaunched', data: launchOf(id) as never, metadata }]);
    const [before, poison, after] = [contribution(id, 'good'), contribution(id, s.poisonText), contribution(id, 'also good')];
    for (const event of [before, poison, after]) await s.store.append(`contributions-${id}`, [event]);
    const poisonPosition = await s.store.headPosition() - 1;

    const projector = await start();
    const head = await s.store.headPosition();
    expect(await projector.catchUp(10_000)).toEqual({ fresh: true, checkpoint: head, head });

    const rows = await s.db.getRepository(ContributionRow).findBy({ consultationId: id });
    expect(rows.map((row) => row.id).sort()).toEqual([before.id, after.id].sort());
    // The summary counts what the store holds: the parked contribution too.
    expect((await s.db.getRepository(ConsultationSummaryRow).findOneByOrFail({ id })).contributions).toBe(3);
    const [parked, ...others] = await listParkedEvents(s.db);
    expect(others).toEqual([]);
    expect(parked).toMatchObject({ projection: 'contributions', position: poisonPosition, stream: `contributions-${id}`, eventId: poison.id, type: 'ContributionSubmitted', attempts: 1 });
    expect(parked.error).toMatch(s.poisonError);
    expect(parked.firstFailedAt).toBe(parked.lastFailedAt);

    const health = await checkHealth(s.store, { clock: 'manual', version: 't' }, { projections: (at) => projectionStatus(s.db, at) });
    expect(health).toMatchObject({
      status: 'ok', eventStore: { headPosition: head },
      projections: { checkpoint: head, head, lag: 0, parked: 1, parkedByProjection: { contributions: 1 }, degraded: true },
    });
    const metrics = new MetricsService();
    registerProjectionGauges(metrics, async () => projectionStatus(s.db, await s.store.headPosition()));
    const { body } = await metrics.exposition();
    expect(body).toContain('consult_projection_parked_events{projection="contributions"} 1');
    expect(body).toContain('consult_projection_lag_events 0');
  });

  it('starts again past the parked event and does not stall', async () => {
    projectors.splice(0).forEach((p) => p.stop());
    const id = randomUUID();
    await s.store.append(`consultation-${id}`, [{ id: randomUUID(), type: 'ConsultationLaunched', data: launchOf(id) as never, metadata }]);
    const projector = await start();
    const started = Date.now();
    expect((await projector.catchUp(10_000)).fresh).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await s.db.getRepository(ConsultationSummaryRow).countBy({ id })).toBe(1);
    expect((await listParkedEvents(s.db)).map((p) => p.attempts)).toEqual([1]);
  });

  it('keeps an event that still fails parked on retry, with one more attempt', async () => {
    const report = await retryParkedEvents(s.db, s.store, replayer(broken));
    expect(report.resolved).toEqual([]);
    expect(report.failing).toHaveLength(1);
    expect(report.failing[0]).toMatchObject({ projection: 'contributions', attempts: 2 });
    expect(report.failing[0].error).toMatch(s.poisonError);
    expect(await listParkedEvents(s.db)).toEqual(report.failing);
  });

  it('applies a parked event once retried after the fault is fixed, never taking a row back to an older state', async () => {
    const id = randomUUID();
    broken.add(id);
    await s.store.append(`consultation-${id}`, [{ id: randomUUID(), type: 'ConsultationLaunched', data: launchOf(id) as never, metadata }]);
    const projector = projectors[projectors.length - 1];
    expect((await projector.catchUp(10_000)).fresh).toBe(true);
    expect(await listParkedEvents(s.db, 'consultation-summary')).toMatchObject([{ stream: `consultation-${id}`, error: `workflow unavailable for ${id}` }]);
    expect(await s.db.getRepository(ConsultationSummaryRow).countBy({ id })).toBe(0);

    broken.delete(id);
    // A later event lands first (revision 1); the retried launch (revision 0) must not undo it.
    await s.store.append(`consultation-${id}`, [{ id: randomUUID(), type: 'DraftPublished', data: { documentRef: 'D', version: '1', publishedAt: metadata.recordedAt }, metadata }]);
    expect((await projector.catchUp(10_000)).fresh).toBe(true);
    const report = await retryParkedEvents(s.db, s.store, replayer(broken), 'consultation-summary');
    expect(report.resolved.map((p) => p.stream)).toEqual([`consultation-${id}`]);
    expect(report.failing).toEqual([]);
    expect((await s.db.getRepository(ConsultationSummaryRow).findOneByOrFail({ id })).version).toBe(1);
    // Only the summary was retried: the other read models that replay the launch keep theirs parked.
    expect((await listParkedEvents(s.db)).map((p) => p.projection).sort()).toEqual(['contributions', 'upcoming-deadlines']);
  });

  it('answers stale within the bound while the projector is stuck', async () => {
    const stuck = new Projector(s.store, s.db, () => new Promise(() => undefined));
    projectors.push(stuck);
    projectors[projectors.length - 2].stop();
    const id = randomUUID();
    await s.store.append(`consultation-${id}`, [{ id: randomUUID(), type: 'ConsultationLaunched', data: launchOf(id) as never, metadata }]);
    await stuck.start();
    const head = await s.store.headPosition();
    const started = Date.now();
    const [caught, waited] = await Promise.all([stuck.catchUp(200), stuck.waitFor(head, 200)]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(caught).toEqual({ fresh: false, checkpoint: head - 1, head });
    expect(waited).toEqual(caught);
  });
});
