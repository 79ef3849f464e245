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

/** Opens the read-model database (rebuildable, so SQLite runs it with synchronous=NORMAL). */
export async function openReadModels(config: ReadModelConfig): Promise<DataSource> {
  const dataSource = config.databaseUrl
    ? new DataSource({ type: 'postgres', url: config.databaseUrl, schema: config.schema, entities: READ_MODEL_ENTITIES, synchronize: false })
    : new DataSource({
        type: 'better-sqlite3',
        database: readModelPath(config.sqlitePath),
        entities: READ_MODEL_ENTITIES,
        prepareDatabase: (db: { pragma(s: string): unknown }) => {
          db.pragma('journal_mode = WAL');
          db.pragma('synchronous = NORMAL');
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
