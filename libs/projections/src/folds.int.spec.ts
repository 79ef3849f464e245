import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { DataSource, ObjectLiteral } from 'typeorm';
import type { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { ConsultationCache, ConsultationsService, ContributionsService, RequestContext, consultationReplayer } from '@consult/consultation';
import { DomainError, EventStore } from '@consult/event-store';
import { councilApprovalSamples } from '../../../workflows/council-approval/council-approval.allowed';
import { SqliteEventStore } from '../../event-store/src/adapters/sqlite.event-store';
import { PostgresEventStore } from '../../event-store/src/adapters/postgres.event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../event-store/src/adapters/postgres.test-database';
import { listParkedEvents } from './parked-events';
import type { Projection } from './projection';
import { PROJECTIONS } from './projections.registry';
import { Projector } from './projector';
import { openReadModels } from './read-model.datasource';

/*
 * The property of issue 10: read models kept up to date event by event, while commands run,
 * hold exactly the rows a rebuild from scratch of each projection folds — on both stores.
 */

interface Backend { store: EventStore; db: DataSource; cleanup(): Promise<void> }

async function sqlite(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-folds-'));
  const path = join(dir, 'consult.db');
  return { store: await SqliteEventStore.open({ path }), db: await openReadModels({ sqlitePath: path }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgres(): Promise<Backend> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_folds');
  const store = await PostgresEventStore.open({ connectionString: url, schema });
  return { store, db: await openReadModels({ databaseUrl: url, schema, sqlitePath: ':memory:' }), cleanup: () => dropSchemas(url, [schema]) };
}

const GROUPS = ['member-state', 'academia', 'civil-society'] as const;
const secretariat: Caller = { kind: 'token', sub: 'sec', role: 'secretariat' };
const participant = (group: string, n: number): Caller => ({ kind: 'token', sub: `p${n}`, role: 'participant', group, org: `O${n}` });
/** What an `open` step tries, so that rounds open often enough for contributions to land. */
const OPENING = ['publishDraft', 'openConsultation'];
const ctx = (caller: Caller): RequestContext => ({ caller, correlationId: 'c', causationId: 'c' });

/** One step of a random run; indexes pick among what exists when it runs. */
type Action =
  | { kind: 'launch'; groups: number }
  | { kind: 'command'; consultation: number; pick: number }
  | { kind: 'open'; consultation: number }
  | { kind: 'contribute'; consultation: number; group: number; text: string }
  | { kind: 'publish'; consultation: number; count: number }
  | { kind: 'tick'; hours: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('launch' as const), groups: fc.integer({ min: 1, max: 3 }) }),
  { arbitrary: fc.record({ kind: fc.constant('command' as const), consultation: fc.nat(), pick: fc.nat() }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('open' as const), consultation: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('contribute' as const), consultation: fc.nat(), group: fc.nat(), text: fc.string({ minLength: 1, maxLength: 12 }) }), weight: 3 },
  fc.record({ kind: fc.constant('publish' as const), consultation: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('tick' as const), hours: fc.integer({ min: 1, max: 72 }) }),
);

/** Every row of a projection's tables, in primary-key order. */
async function rowsOf(db: DataSource, projection: Projection): Promise<ObjectLiteral[][]> {
  return Promise.all(projection.tables.map((table) => {
    const keys = db.getMetadata(table).primaryColumns.map((column) => column.propertyName);
    return db.getRepository(table).find({ order: Object.fromEntries(keys.map((key) => [key, 'ASC'])) });
  }));
}

describe.each([['sqlite', sqlite], ['postgres', postgres]] as const)('read models as folds on %s', (_name, open) => {
  let backend: Backend;
  let clock: ManualClock;
  let consultations: ConsultationsService;
  let contributions: ContributionsService;
  let cache: ConsultationCache;
  let accepted = 0;
  const fail = (error: unknown) => { throw error; };

  beforeAll(async () => {
    backend = await open();
    clock = new ManualClock(new Date('2020-04-01T09:00:00Z'));
    cache = new ConsultationCache(backend.store);
    consultations = new ConsultationsService(backend.store, clock, cache);
    contributions = new ContributionsService(backend.store, clock, cache);
  });

  afterAll(async () => {
    await backend.db.destroy();
    await backend.store.close();
    await backend.cleanup();
  });

  /** Runs `work`, counting what the engine accepted; a refusal (a domain error) appends nothing and is part of the game. */
  const attempt = async (work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
      accepted += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  };

  async function play(step: Action, ids: string[], submitted: Map<string, string[]>): Promise<void> {
    if (step.kind === 'launch' || ids.length === 0) {
      const groups = GROUPS.slice(0, step.kind === 'launch' ? step.groups : 1);
      const { id } = await consultations.launch({ workflow: 'council-approval', title: { en: `C${ids.length}` }, eligibleGroups: groups, timezone: 'Europe/Zurich' }, ctx(secretariat));
      ids.push(id);
      submitted.set(id, []);
      if (step.kind === 'launch') return;
    }
    if (step.kind === 'tick') return clock.set(new Date(clock.now().getTime() + step.hours * 3600_000));
    const id = ids[step.consultation % ids.length];
    if (step.kind === 'contribute') {
      const eligible = (await cache.load(id)).launch.eligibleGroups;
      const caller = participant(eligible[step.group % eligible.length], step.group);
      return attempt(async () => {
        const { id: contributionId } = await contributions.submit(id, { kind: 'comment', section: '1', text: step.text, language: 'en' }, ctx(caller));
        submitted.get(id)!.push(contributionId);
      });
    }
    if (step.kind === 'publish') {
      const contributionIds = submitted.get(id)!.slice(-step.count);
      if (contributionIds.length > 0) await attempt(() => consultations.execute(id, { type: 'publishContributions', payload: { contributionIds } }, ctx(secretariat)));
      return;
    }
    await command(id, step.kind === 'open' ? -1 : step.pick, step.kind === 'open' ? OPENING : undefined);
  }

  /**
   * A command the consultation allows now (of `only`, if given; the last one allowed when
   * `pick` is negative), with a payload its workflow's samples say is legal. Withdrawing
   * ends a consultation: it is drawn a third as often as the others.
   */
  async function command(id: string, pick: number, only?: string[]): Promise<void> {
    const loaded = await cache.load(id);
    const allowed = consultations.allowedCommands(loaded, ctx(secretariat))
      .filter((type) => type !== 'publishContributions' && (!only || only.includes(type)) && (type !== 'withdraw' || pick % 3 === 0));
    if (allowed.length === 0) return;
    const type = allowed[pick < 0 ? allowed.length - 1 : pick % allowed.length];
    const probes = councilApprovalSamples[type](loaded.snapshot).filter((probe) => probe.now === undefined);
    if (probes.length === 0) return;
    const payload = { ...probes[Math.abs(pick) % probes.length].payload } as Record<string, unknown>;
    if (type === 'publishDraft') payload.sections = [{ number: '1', title: 'Intro' }];
    await attempt(() => consultations.execute(id, { type, payload }, ctx(secretariat)));
  }

  /** Empties `projection` alone and folds every event again; its rows then. */
  async function rebuilt(projection: Projection): Promise<ObjectLiteral[][]> {
    const projector = new Projector(backend.store, backend.db, consultationReplayer(backend.store), fail, 1000, [projection]);
    await projector.reset();
    await projector.start();
    try {
      expect((await projector.catchUp(30_000)).fresh).toBe(true);
    } finally {
      projector.stop();
    }
    return rowsOf(backend.db, projection);
  }

  it('keeps every read model equal to a rebuild from scratch, for random valid command sequences', async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 6, maxLength: 20 }), async (actions) => {
      const incremental = new Projector(backend.store, backend.db, consultationReplayer(backend.store), fail);
      await incremental.start();
      const ids: string[] = [];
      const submitted = new Map<string, string[]>();
      try {
        for (const step of actions) await play(step, ids, submitted);
        expect((await incremental.catchUp(30_000)).fresh).toBe(true);
      } finally {
        incremental.stop();
      }
      const kept = await Promise.all(PROJECTIONS.map((projection) => rowsOf(backend.db, projection)));
      for (const [i, projection] of PROJECTIONS.entries()) expect(await rebuilt(projection)).toEqual(kept[i]);
      expect(await listParkedEvents(backend.db)).toEqual([]);
    }), { numRuns: 20 });
    // The runs did something: commands and contributions the engine accepted, not only refusals.
    expect(accepted).toBeGreaterThan(60);
  }, 240_000);
});
