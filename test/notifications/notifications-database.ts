import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EventStore, SqliteEventStore } from '@consult/event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '@consult/event-store/testing';
import { READ_MODEL_ENTITIES } from '@consult/projections';
import { PostgresEventStore } from '../../libs/event-store/src/adapters/postgres.event-store';
import { NOTIFICATION_ENTITIES } from '../../libs/notifications/src/infrastructure/notification.entities';

/** A store and a read-model database that holds the notification tables, on one backend. */
export interface NotificationsBackend {
  store: EventStore;
  /** Opens another connection to the read-model database (a second process). */
  open(): Promise<DataSource>;
  cleanup(): Promise<void>;
}

const ENTITIES = [...READ_MODEL_ENTITIES, ...NOTIFICATION_ENTITIES];

/** SQLite files in a temporary folder. */
export async function sqliteBackend(): Promise<NotificationsBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-notifications-'));
  const store = await SqliteEventStore.open({ path: join(dir, 'consult.db') });
  const open = async () => initialised(new DataSource({
    type: 'better-sqlite3', database: join(dir, 'consult.read-models.db'), entities: ENTITIES,
    prepareDatabase: (db: { pragma(s: string): unknown }) => void db.pragma('busy_timeout = 10000'),
  }));
  return { store, open, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** A schema of its own at CONSULT_TEST_DATABASE_URL. */
export async function postgresBackend(): Promise<NotificationsBackend> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('int_notifications');
  const store = await PostgresEventStore.open({ connectionString: url, schema });
  const open = async () => {
    const db = new DataSource({ type: 'postgres', url, schema, entities: ENTITIES });
    await db.initialize();
    await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await db.synchronize();
    return db;
  };
  return { store, open, cleanup: async () => { await store.close(); await dropSchemas(url, [schema]); } };
}

async function initialised(db: DataSource): Promise<DataSource> {
  await db.initialize();
  await db.synchronize();
  return db;
}

export const BACKENDS = [['sqlite', sqliteBackend], ['postgres', postgresBackend]] as const;
