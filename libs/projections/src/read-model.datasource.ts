import { dirname, join, basename } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { READ_MODEL_ENTITIES } from './read-model.entities';

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
          db.pragma('busy_timeout = 10000');
        },
      });
  await dataSource.initialize();
  if (config.databaseUrl && config.schema) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${config.schema}"`);
  await dataSource.synchronize();
  return dataSource;
}

export function readModelPath(sqlitePath: string): string {
  if (sqlitePath === ':memory:') return ':memory:';
  mkdirSync(dirname(sqlitePath), { recursive: true });
  return join(dirname(sqlitePath), basename(sqlitePath).replace(/\.db$/, '') + '.read-models.db');
}
