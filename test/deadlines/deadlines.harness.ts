import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { ConsultationCache, ConsultationsService, RequestContext, consultationReplayer } from '@consult/consultation';
import { DeadlineRow, ReminderRow, ReminderSentRow } from '@consult/deadlines';
import { EventStore } from '@consult/event-store';
import { PROJECTIONS, Projector, READ_MODEL_ENTITIES } from '@consult/projections';
import { SqliteEventStore } from '../../libs/event-store/src/adapters/sqlite.event-store';
import { PostgresEventStore } from '../../libs/event-store/src/adapters/postgres.event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../libs/event-store/src/adapters/postgres.test-database';
import { upcomingDeadlinesProjection } from '@consult/projections';

/** The read-model tables with those of deadlines and reminders (until the registry lists them). */
export const ENTITIES = [...READ_MODEL_ENTITIES, DeadlineRow, ReminderRow, ReminderSentRow];
export const WITH_DEADLINES = PROJECTIONS;

/** An event store and its read-model database; `connect` opens another connection to the same read models (another process). */
export interface Backend {
  store: EventStore;
  db: DataSource;
  connect(): Promise<DataSource>;
  cleanup(): Promise<void>;
}

export async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-reminders-'));
  mkdirSync(dir, { recursive: true });
  const connect = async () => {
    const db = new DataSource({ type: 'better-sqlite3', database: join(dir, 'consult.read-models.db'), entities: ENTITIES, synchronize: true,
      prepareDatabase: (raw: { pragma(s: string): unknown }) => { raw.pragma('journal_mode = WAL'); raw.pragma('busy_timeout = 10000'); } });
    return db.initialize();
  };
  const store = await SqliteEventStore.open({ path: join(dir, 'consult.db') });
  const db = await connect();
  return { store, db, connect, cleanup: async () => { await db.destroy(); await store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

export async function postgresBackend(): Promise<Backend> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_reminders');
  const store = await PostgresEventStore.open({ connectionString: url, schema });
  const connect = async () => new DataSource({ type: 'postgres', url, schema, entities: ENTITIES }).initialize();
  const db = await connect();
  await db.synchronize();
  return { store, db, connect, cleanup: async () => { await db.destroy(); await store.close(); await dropSchemas(url, [schema]); } };
}

export const BACKENDS = [['sqlite', sqliteBackend], ['postgres', postgresBackend]] as const;

const secretariat: Caller = { kind: 'token', sub: 'sec', role: 'secretariat' };
export const ctx: RequestContext = { caller: secretariat, correlationId: 'c', causationId: 'c' };

/** The command path and the read models' projector (with `upcoming-deadlines`) over a backend, on a manual clock. */
export class Engine {
  readonly clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
  readonly consultations: ConsultationsService;
  private projector: Projector;

  constructor(private readonly backend: Backend) {
    this.consultations = new ConsultationsService(backend.store, this.clock, new ConsultationCache(backend.store));
    this.projector = this.newProjector();
  }

  private newProjector(): Projector {
    const fail = (error: unknown) => { throw error; };
    return new Projector(this.backend.store, this.backend.db, consultationReplayer(this.backend.store), fail, 1000, WITH_DEADLINES);
  }

  start = () => this.projector.start();
  stop = () => this.projector.stop();

  /** Waits until the read models include every event stored so far. */
  async caughtUp(): Promise<void> {
    const freshness = await this.projector.catchUp(10_000);
    if (!freshness.fresh) throw new Error(`read models behind: ${JSON.stringify(freshness)}`);
  }

  /** Empties `upcoming-deadlines` and folds every event again, as `consult projections rebuild upcoming-deadlines` does. */
  async rebuild(): Promise<void> {
    await this.projector.reset([upcomingDeadlinesProjection.name]);
    this.projector = this.newProjector();
    await this.projector.start();
    await this.caughtUp();
  }

  /** Launches a council-approval consultation now and opens its first round until `closesAt`. */
  async openRound(closesAt: string, launch: Record<string, unknown> = {}): Promise<string> {
    const { id } = await this.consultations.launch({
      workflow: 'council-approval', title: { en: 'Guidelines' }, reference: 'CL-26/1', eligibleGroups: ['member-state'],
      timezone: 'Europe/Paris', ...launch,
    }, ctx);
    await this.command(id, 'publishDraft', { documentRef: 'D', version: '1' });
    await this.command(id, 'openConsultation', { closesAt });
    return id;
  }

  async command(id: string, type: string, payload: object): Promise<void> {
    await this.consultations.execute(id, { type, payload }, ctx);
  }

  /** Sets the manual clock (the time commands are recorded at). */
  at(iso: string): void {
    this.clock.set(new Date(iso));
  }
}
