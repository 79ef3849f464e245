import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '@consult/event-store';
import { SqliteEventStore } from '../../../libs/event-store/src/adapters/sqlite.event-store';
import { PostgresEventStore } from '../../../libs/event-store/src/adapters/postgres.event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../../libs/event-store/src/adapters/postgres.test-database';
import { StoredRows, postgresRows, sqliteRows } from './stored-rows';

/** A real store, the raw rows under it, and what it takes to remove both. */
export interface TamperBackend {
  store: EventStore;
  rows: StoredRows;
  /** What the api and CLI need to open this same store. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A SQLite file in a directory of its own. */
export async function sqliteBackend(): Promise<TamperBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'consult-tamper-'));
  const path = join(dir, 'consult.db');
  const store = await SqliteEventStore.open({ path });
  const rows = sqliteRows(path);
  const cleanup = async () => {
    await rows.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, rows, env: { CONSULT_EVENT_STORE: 'sqlite', CONSULT_SQLITE_PATH: path }, cleanup };
}

/** A PostgreSQL schema no other run uses, dropped at the end (CONSULT_TEST_DATABASE_URL must be set). */
export async function postgresBackend(): Promise<TamperBackend> {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('tamper');
  const store = await PostgresEventStore.open({ connectionString: url, schema });
  const rows = await postgresRows(url, schema);
  const cleanup = async () => {
    await rows.close();
    await store.close();
    await dropSchemas(url, [schema]);
  };
  return { store, rows, env: { CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: url, CONSULT_DATABASE_SCHEMA: schema }, cleanup };
}

export const BACKENDS = [['sqlite', sqliteBackend], ['postgres', postgresBackend]] as const;
