import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { EventStore } from '@consult/event-store';
import { ConsultationSummaryRow, openReadModels } from '@consult/projections';
import { SqliteEventStore } from '../../event-store/src/adapters/sqlite.event-store';
import { ConsultationCache } from './consultation-cache';
import { RequestContext } from './consultation-stream';
import { ConsultationsService } from './consultations.service';
import { ProjectorThread } from './projector-thread';

const secretariat: Caller = { kind: 'token', sub: 'sec', role: 'secretariat' };
const ctx: RequestContext = { caller: secretariat, correlationId: 'c', causationId: 'c' };
const LAUNCH = { workflow: 'council-approval', title: { en: 'Guidelines' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };
const DRAFT = { type: 'publishDraft', payload: { documentRef: 'D', version: '1', sections: [{ number: '1', title: 'Intro' }] } };

describe('ProjectorThread on SQLite', () => {
  let dir: string;
  let store: EventStore;
  let db: DataSource;
  let projector: ProjectorThread;
  let consultations: ConsultationsService;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'consult-projector-thread-'));
    const sqlitePath = join(dir, 'consult.db');
    store = await SqliteEventStore.open({ path: sqlitePath });
    db = await openReadModels({ sqlitePath });
    projector = new ProjectorThread({ store: { kind: 'sqlite', sqlitePath }, readModels: { sqlitePath } }, (message) => errors.push(message));
    await projector.start();
    consultations = new ConsultationsService(store, new ManualClock(new Date('2020-04-01T09:00:00Z')), new ConsultationCache(store));
  });

  afterAll(async () => {
    await projector.stop();
    await db.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the read models include every event appended before catchUp was called', async () => {
    const { id } = await consultations.launch(LAUNCH, ctx);
    await consultations.execute(id, DRAFT, ctx);
    await projector.catchUp();
    const row = await db.getRepository(ConsultationSummaryRow).findOneByOrFail({ id });
    expect(row.state).toBe('draftPublished');
    expect(errors).toEqual([]);
  });

  it('resolves waitFor once the position is in the read models', async () => {
    const { id } = await consultations.launch(LAUNCH, ctx);
    await projector.waitFor(await store.headPosition());
    expect(await db.getRepository(ConsultationSummaryRow).findOneBy({ id })).not.toBeNull();
  });

  it('resolves a waitFor the thread cannot satisfy in time as stale, within its bound', async () => {
    const head = await store.headPosition();
    const started = Date.now();
    expect(await projector.waitFor(head + 10, 50)).toEqual({ fresh: false, checkpoint: head, head: head + 10 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers fresh with the checkpoint and head it waited for', async () => {
    await consultations.launch(LAUNCH, ctx);
    const head = await store.headPosition();
    expect(await projector.catchUp()).toEqual({ fresh: true, checkpoint: head, head });
  });
});
