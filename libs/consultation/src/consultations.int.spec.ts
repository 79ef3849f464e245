import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { EventStore } from '@consult/event-store';
import { ConsultationSummaryRow, ContributionsExistQuery, ListContributionsQuery, Projector, openReadModels } from '@consult/projections';
import { WorkflowDefinition, councilApprovalV1, workflows } from '@consult/workflows';
import { councilApprovalMachine } from '@consult/workflows/council-approval';
import { SqliteEventStore } from '../../event-store/src/adapters/sqlite.event-store';
import { PostgresEventStore } from '../../event-store/src/adapters/postgres.event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../event-store/src/adapters/postgres.test-database';
import { AuditService } from './audit.service';
import { ConsultationCache } from './consultation-cache';
import { CommandNotAllowed, ConcurrentUpdates, IdempotencyKeyReused, VersionConflict } from './consultation.errors';
import { RequestContext } from './consultation-stream';
import { ConsultationsService } from './consultations.service';
import { ContributionsService, contributionsMustExist } from './contributions.service';

const secretariat: Caller = { kind: 'token', sub: 'sec', role: 'secretariat' };
const brazil: Caller = { kind: 'token', sub: 'bra', role: 'participant', group: 'member-state', org: 'BRA' };
const ctx = (caller: Caller, idempotencyKey?: string): RequestContext => ({ caller, correlationId: 'c', causationId: 'c', idempotencyKey });
const LAUNCH = { workflow: 'council-approval', title: { en: 'Guidelines' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };
const DRAFT = { type: 'publishDraft', payload: { documentRef: 'D', version: '1', sections: [{ number: '1', title: 'Intro' }] } };
const OPEN = { type: 'openConsultation', payload: { closesAt: '2020-05-01T00:00:00Z' } };
const MEETING = (meetingId: string) => ({
  type: 'scheduleMeeting', payload: { meetingId, startsAt: '2020-04-20T10:00:00Z', endsAt: '2020-04-20T11:00:00Z', format: 'virtual' },
});

interface Backend { store: EventStore; db: DataSource; cleanup(): Promise<void> }

async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-int-'));
  const path = join(dir, 'consult.db');
  const store = await SqliteEventStore.open({ path });
  const db = await openReadModels({ sqlitePath: path });
  return { store, db, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresBackend(): Promise<Backend> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_consult');
  const store = await PostgresEventStore.open({ connectionString: url, schema });
  const db = await openReadModels({ databaseUrl: url, schema, sqlitePath: ':memory:' });
  return { store, db, cleanup: () => dropSchemas(url, [schema]) };
}

describe.each([['sqlite', sqliteBackend], ['postgres', postgresBackend]] as const)('consultations on %s', (_name, open) => {
  let backend: Backend;
  let clock: ManualClock;
  let consultations: ConsultationsService;
  let contributions: ContributionsService;
  let projector: Projector;
  let audit: AuditService;

  beforeAll(async () => {
    backend = await open();
    clock = new ManualClock(new Date('2020-04-01T09:00:00Z'));
    const cache = new ConsultationCache(backend.store);
    const replayCache = new ConsultationCache(backend.store);
    projector = new Projector(backend.store, backend.db, async (event) => {
      const loaded = await replayCache.replayTo(event);
      return { view: loaded.definition.view(loaded.snapshot), launch: loaded.launch, definition: loaded.definition, snapshot: loaded.snapshot };
    });
    await projector.start();
    contributions = new ContributionsService(backend.store, clock, cache);
    consultations = new ConsultationsService(backend.store, clock, cache, contributionsMustExist(new ContributionsExistQuery(backend.db, projector)));
    audit = new AuditService(backend.store);
  });

  afterAll(async () => {
    projector.stop();
    await backend.db.destroy();
    await backend.store.close();
    await backend.cleanup();
  });

  it('runs a round: launch, draft, open, a comment, publication; the read models follow', async () => {
    const { id } = await consultations.launch(LAUNCH, ctx(secretariat));
    await consultations.execute(id, DRAFT, ctx(secretariat));
    const opened = await consultations.execute(id, OPEN, ctx(secretariat));
    expect(opened).toMatchObject({ version: 2, state: 'consultationOpen' });
    const comment = await contributions.submit(id, { kind: 'comment', section: '1', text: 'Yes', language: 'en' }, ctx(brazil));
    const published = await consultations.execute(id, { type: 'publishContributions', payload: { contributionIds: [comment.id] } }, ctx(secretariat));
    expect(published.events[0].type).toBe('ContributionsPublished');
    await projector.catchUp();
    const row = await backend.db.getRepository(ConsultationSummaryRow).findOneByOrFail({ id });
    expect(row).toMatchObject({ state: 'consultationOpen', version: 3, contributions: 1 });
    const list = await new ListContributionsQuery(backend.db, projector).execute(id, { unpublished: false });
    expect(list.value.items.map((c) => c.id)).toEqual([comment.id]);
    expect((await audit.verify(id)).ok).toBe(true);
  });

  it('replays each consultation through the workflow version it was launched with', async () => {
    const old = await consultations.launch(LAUNCH, ctx(secretariat));
    await consultations.execute(old.id, DRAFT, ctx(secretariat));
    await consultations.execute(old.id, OPEN, ctx(secretariat));
    // A later version of the rulebook (after the real version 2) no longer opens rounds from a draft.
    const v2: WorkflowDefinition = {
      ...councilApprovalV1, version: 3,
      machine: councilApprovalMachine.provide({ guards: { opensNextRound: () => false } }),
    };
    workflows.push(v2);
    try {
      const fresh = await consultations.launch(LAUNCH, ctx(secretariat));
      await consultations.execute(fresh.id, DRAFT, ctx(secretariat));
      await expect(consultations.execute(fresh.id, OPEN, ctx(secretariat))).rejects.toBeInstanceOf(CommandNotAllowed);
      const history = await audit.history(fresh.id);
      expect(history.events.map((e) => e.workflow)).toEqual(['council-approval@3', 'council-approval@3']);

      const cache = new ConsultationCache(backend.store);
      const reloaded = await cache.load(old.id);
      expect(reloaded.definition.version).toBe(2); // the latest when it was launched
      expect(consultations.stateName(reloaded)).toBe('consultationOpen');
      expect(await audit.verify(old.id)).toMatchObject({ ok: true, problems: [] });
    } finally {
      workflows.splice(workflows.indexOf(v2), 1);
    }
  });

  it('finds a stored event the recorded workflow refuses', async () => {
    const { id } = await consultations.launch(LAUNCH, ctx(secretariat));
    await consultations.execute(id, DRAFT, ctx(secretariat));
    // An event appended behind the engine's back: the machine would never accept it here.
    const [draft] = await backend.store.readStream(`consultation-${id}`, { fromRevision: 1 });
    await backend.store.append(`consultation-${id}`, [{ ...draft, id: '5b0e6e0e-1d0b-4c57-9d1e-1f2a3b4c5d6e', type: 'CouncilDecisionRecorded', data: { session: 'C20', outcome: 'approved', mode: 'session' } }]);
    const result = await audit.verify(id);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ revision: 2, problem: 'illegal-transition' })]);
  });

  it('answers a retried command (same Idempotency-Key) with the first answer, even once the state moved on', async () => {
    const { id } = await consultations.launch(LAUNCH, ctx(secretariat));
    const first = await consultations.execute(id, DRAFT, ctx(secretariat, 'k-1'));
    await consultations.execute(id, OPEN, ctx(secretariat));
    const head = await backend.store.headPosition();
    expect(await consultations.execute(id, DRAFT, ctx(secretariat, 'k-1'))).toEqual(first);
    expect(await backend.store.headPosition()).toBe(head);
  });

  it('serves two processes on one store: a stale cache is caught by the expected revision and refreshed', async () => {
    const other = new ConsultationsService(backend.store, clock, new ConsultationCache(backend.store));
    const { id } = await consultations.launch(LAUNCH, ctx(secretariat));
    await other.execute(id, DRAFT, ctx(secretariat));
    await consultations.execute(id, OPEN, ctx(secretariat));
    const meeting = { meetingId: 'm', startsAt: '2020-04-20T10:00:00Z', endsAt: '2020-04-20T11:00:00Z', format: 'virtual' };
    // `other` last saw version 1; the store is at 2.
    expect(await other.execute(id, { type: 'scheduleMeeting', payload: meeting }, ctx(secretariat))).toMatchObject({ version: 3, state: 'consultationOpen' });
    expect(await consultations.execute(id, { type: 'closeConsultation', payload: {}, expectedVersion: 3 }, ctx(secretariat))).toMatchObject({ version: 4, state: 'consultationClosed' });
    expect((await audit.verify(id)).ok).toBe(true);
  });

  it('runs 50 concurrent commands sent without expectedVersion: all 50 succeed, one version each', async () => {
    const { id } = await consultations.launch(LAUNCH, ctx(secretariat));
    await consultations.execute(id, DRAFT, ctx(secretariat));
    await consultations.execute(id, OPEN, ctx(secretariat));
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => consultations.execute(id, MEETING(`m-${i}`), ctx(secretariat))));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const versions = results.map((r) => (r as PromiseFulfilledResult<{ version: number }>).value.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 3));
    expect(await audit.verify(id)).toMatchObject({ ok: true, problems: [] });
  });

  it('retries a version conflict with another process by reloading, so both processes\' commands succeed', async () => {
    const other = new ConsultationsService(backend.store, clock, new ConsultationCache(backend.store));
    const { id } = await consultations.launch(LAUNCH, ctx(secretariat));
    await consultations.execute(id, DRAFT, ctx(secretariat));
    await other.execute(id, OPEN, ctx(secretariat));
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? other : consultations).execute(id, MEETING(`p-${i}`), ctx(secretariat))));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await backend.store.readStream(`consultation-${id}`)).length).toBe(23);
  });

  it('answers a conflict it may not retry without claiming the caller sent a version', async () => {
    const noRetry = new ConsultationsService(backend.store, clock, new ConsultationCache(backend.store), undefined, { onVersionConflict: false });
    const { id } = await consultations.launch(LAUNCH, ctx(secretariat));
    await noRetry.execute(id, DRAFT, ctx(secretariat));
    await consultations.execute(id, OPEN, ctx(secretariat));
    const refused = noRetry.execute(id, MEETING('late'), ctx(secretariat));
    await expect(refused).rejects.toBeInstanceOf(ConcurrentUpdates);
    await expect(refused).rejects.toThrow(/changed under each of 1 attempts/);
  });

  it('refuses a stale pinned expectedVersion with 409 VersionConflict, and never retries it', async () => {
    const { id } = await consultations.launch(LAUNCH, ctx(secretariat));
    await consultations.execute(id, DRAFT, ctx(secretariat));
    await consultations.execute(id, OPEN, ctx(secretariat));
    const head = await backend.store.headPosition();
    const stale = consultations.execute(id, { ...MEETING('pinned'), expectedVersion: 1 }, ctx(secretariat));
    await expect(stale).rejects.toBeInstanceOf(VersionConflict);
    await expect(stale).rejects.toThrow('expectedVersion 1 is stale: the consultation is at version 2');
    expect(await backend.store.headPosition()).toBe(head);
  });

  it('refuses an Idempotency-Key reused with another command body (422), and answers the same body again', async () => {
    const { id } = await consultations.launch(LAUNCH, ctx(secretariat));
    const first = await consultations.execute(id, DRAFT, ctx(secretariat, 'k-body'));
    const head = await backend.store.headPosition();
    const other = { ...DRAFT, payload: { ...DRAFT.payload, version: '2' } };
    await expect(consultations.execute(id, other, ctx(secretariat, 'k-body'))).rejects.toBeInstanceOf(IdempotencyKeyReused);
    const reordered = { payload: { sections: DRAFT.payload.sections, version: '1', documentRef: 'D' }, type: 'publishDraft' };
    expect(await consultations.execute(id, reordered, ctx(secretariat, 'k-body'))).toEqual(first);
    expect(await backend.store.headPosition()).toBe(head);
  });

  it('refuses a launch Idempotency-Key reused with another body (422), and answers the same body again', async () => {
    const first = await consultations.launch(LAUNCH, ctx(secretariat, 'launch-key'));
    expect(await consultations.launch(LAUNCH, ctx(secretariat, 'launch-key'))).toEqual(first);
    const other = { ...LAUNCH, title: { en: 'Another consultation' } };
    await expect(consultations.launch(other, ctx(secretariat, 'launch-key'))).rejects.toBeInstanceOf(IdempotencyKeyReused);
  });
});
