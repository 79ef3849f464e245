import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EventStore, NewEvent } from '@consult/event-store';
import { councilApprovalV1, launchSnapshot, LaunchData } from '@consult/workflows';
import { SqliteEventStore } from '../../event-store/src/adapters/sqlite.event-store';
import { PostgresEventStore } from '../../event-store/src/adapters/postgres.event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../event-store/src/adapters/postgres.test-database';
import { openReadModels } from './read-model.datasource';
import { ConsultationSummaryRow, ContributionRow } from './read-model.entities';
import { Projector } from './projector';
import { launchedState } from './projection';

const metadata = { actor: { sub: 's', role: 'secretariat' as const }, correlationId: 'c', causationId: 'c', recordedAt: '2020-04-01T09:00:00.000Z' };

interface Setup { store: EventStore; open(): Promise<DataSource>; cleanup(): Promise<void> }

async function sqlite(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-projector-'));
  const path = join(dir, 'consult.db');
  return { store: await SqliteEventStore.open({ path }), open: () => openReadModels({ sqlitePath: path }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgres(): Promise<Setup> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_projector');
  return {
    store: await PostgresEventStore.open({ connectionString: url, schema }),
    open: () => openReadModels({ databaseUrl: url, schema, sqlitePath: ':memory:' }),
    cleanup: () => dropSchemas(url, [schema]),
  };
}

describe.each([['sqlite', sqlite], ['postgres', postgres]] as const)('projector on %s', (_name, setup) => {
  it('applies each event once even when two processes project the same read models', async () => {
    const { store, open, cleanup } = await setup();
    const [dbA, dbB] = [await open(), await open()];
    const id = randomUUID();
    const launch: LaunchData = {
      consultationId: id, workflow: 'council-approval', version: 1, title: { en: 'T' }, eligibleGroups: ['member-state'],
      timezone: 'UTC', launchedAt: metadata.recordedAt,
    };
    const replay = async () => (launchedState(launch, councilApprovalV1));
    const projectors = [new Projector(store, dbA, replay), new Projector(store, dbB, replay)];
    try {
      await store.append(`consultation-${id}`, [{ id: randomUUID(), type: 'ConsultationLaunched', data: launch as never, metadata }]);
      await Promise.all(projectors.map((p) => p.start()));
      for (let round = 0; round < 10; round += 1) {
        const contributions: NewEvent[] = Array.from({ length: 10 }, () => {
          const contributionId = randomUUID();
          return {
            id: contributionId, type: 'ContributionSubmitted', metadata,
            data: { contributionId, consultationId: id, kind: 'comment', text: 't', language: 'en', submittedAt: metadata.recordedAt, author: { sub: 'p' } },
          };
        });
        await Promise.all(contributions.map((event) => store.append(`contributions-${id}`, [event])));
      }
      await Promise.all(projectors.map((p) => p.catchUp()));
      // A later consultation event rewrites the summary but keeps its count.
      await store.append(`consultation-${id}`, [{ id: randomUUID(), type: 'DraftPublished', data: { documentRef: 'D', version: '1', publishedAt: metadata.recordedAt }, metadata }]);
      await Promise.all(projectors.map((p) => p.catchUp()));
      expect(await dbA.getRepository(ContributionRow).countBy({ consultationId: id })).toBe(100);
      expect((await dbA.getRepository(ConsultationSummaryRow).findOneByOrFail({ id })).contributions).toBe(100);
    } finally {
      projectors.forEach((p) => p.stop());
      await dbA.destroy();
      await dbB.destroy();
      await store.close();
      await cleanup();
    }
  });

  it('reports a failed page and resumes from its checkpoint', async () => {
    const { store, open, cleanup } = await setup();
    const db = await open();
    const id = randomUUID();
    const launch: LaunchData = {
      consultationId: id, workflow: 'council-approval', version: 1, title: { en: 'T' }, eligibleGroups: ['member-state'],
      timezone: 'UTC', launchedAt: metadata.recordedAt,
    };
    let failures = 0;
    const errors: unknown[] = [];
    const projector = new Projector(store, db, async () => {
      if (failures++ === 0) throw new Error('replay unavailable');
      return launchedState(launch, councilApprovalV1);
    }, (error) => errors.push(error), 20);
    try {
      await store.append(`consultation-${id}`, [{ id: randomUUID(), type: 'ConsultationLaunched', data: launch as never, metadata }]);
      await projector.start();
      await projector.catchUp();
      expect(errors).toEqual([new Error('replay unavailable')]);
      expect(await db.getRepository(ConsultationSummaryRow).countBy({ id })).toBe(1);
    } finally {
      projector.stop();
      await db.destroy();
      await store.close();
      await cleanup();
    }
  });
});

describe('read models on sqlite', () => {
  it('finds the consultations with a deadline due through an index, not a scan', async () => {
    const { store, open, cleanup } = await sqlite();
    const db = await open();
    try {
      const plan = await db.query(
        'EXPLAIN QUERY PLAN SELECT id FROM rm_consultation_summary WHERE nextDeadlineAt <= ? ORDER BY nextDeadlineAt', ['2030-01-01']);
      expect(plan.map((step: { detail: string }) => step.detail).join('; ')).toMatch(/USING (COVERING )?INDEX/);
    } finally {
      await db.destroy();
      await store.close();
      await cleanup();
    }
  });
});
