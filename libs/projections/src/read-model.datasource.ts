import { dirname, join, basename } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { READ_MODEL_ENTITIES } from './read-model.entities';
import { SQLITE_BUSY_TIMEOUT_MS, serializeSqliteTransactions } from './sqlite-transactions';

export interface ReadModelConfig {
  /** PostgreSQL URL; when absent the read models live in a SQLite file beside the events. */
  databaseUrl?: string;
  sqlitePath: string;
  schema?: string;
}

/** How the read-model database is opened. */
export interface ReadModelOptions {
  /**
   * SQLite's `synchronous`. FULL by default: the database also holds engine state that no
   * rebuild brings back (subscriptions, notifications, reminders sent), acknowledged writes.
   * NORMAL only for a connection that writes rebuildable tables alone (`projections rebuild`):
   * a power cut may lose its last commits, never corrupt the file (WAL).
   */
  synchronous?: 'FULL' | 'NORMAL';
}

/** Opens the read-model database (SQLite: WAL, synchronous=FULL unless `options` say otherwise). */
export async function openReadModels(config: ReadModelConfig, options: ReadModelOptions = {}): Promise<DataSource> {
  const dataSource = config.databaseUrl
    ? new DataSource({ type: 'postgres', url: config.databaseUrl, schema: config.schema, entities: READ_MODEL_ENTITIES, synchronize: false })
    : new DataSource({
        type: 'better-sqlite3',
        database: readModelPath(config.sqlitePath),
        entities: READ_MODEL_ENTITIES,
        prepareDatabase: (db: { pragma(s: string): unknown }) => {
          db.pragma('journal_mode = WAL');
          db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
          db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
        },
      });
  await dataSource.initialize();
  if (config.databaseUrl) await synchronizeOnce(dataSource, config.schema);
  else {
    serializeSqliteTransactions(dataSource);
    await dataSource.synchronize();
  }
  return dataSource;
}

/**
 * Creates the schema and tables on PostgreSQL under an advisory lock: api and worker processes
 * started together would otherwise race on CREATE TABLE (and on PostgreSQL's catalogue).
 */
async function synchronizeOnce(dataSource: DataSource, schema: string | undefined): Promise<void> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext('consult:read-models:synchronize'))`);
    if (schema) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.synchronize();
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(hashtext('consult:read-models:synchronize'))`).catch(() => undefined);
    await lock.release();
  }
}

export function readModelPath(sqlitePath: string): string {
  if (sqlitePath === ':memory:') return ':memory:';
  mkdirSync(dirname(sqlitePath), { recursive: true });
  return join(dirname(sqlitePath), basename(sqlitePath).replace(/\.db$/, '') + '.read-models.db');
}
