import { DataSource } from 'typeorm';
import { ReadModelConfig, SQLITE_BUSY_TIMEOUT_MS, readModelPath, serializeSqliteTransactions } from '@consult/projections';
import { AUDIT_LOG_ENTITIES } from './audit-log.entities';
import { createTreeTables } from './merkle-tables';

/**
 * Opens the audit log's own connection to the read-model database (PostgreSQL when a URL is
 * set, else the `.read-models.db` SQLite file). Its own DataSource, so that rebuilding the
 * read models (which clears every table of theirs) never touches the tree or the checkpoints.
 */
export async function openAuditLogDatabase(config: ReadModelConfig): Promise<DataSource> {
  const dataSource = config.databaseUrl
    ? new DataSource({ type: 'postgres', url: config.databaseUrl, schema: config.schema, entities: AUDIT_LOG_ENTITIES, synchronize: false })
    : new DataSource({
        type: 'better-sqlite3',
        database: readModelPath(config.sqlitePath),
        entities: AUDIT_LOG_ENTITIES,
        prepareDatabase: (db: { pragma(s: string): unknown }) => {
          db.pragma('journal_mode = WAL');
          db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
        },
      });
  await dataSource.initialize();
  if (!config.databaseUrl) serializeSqliteTransactions(dataSource);
  if (config.databaseUrl && config.schema) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${config.schema}"`);
  await dataSource.synchronize();
  await createTreeTables(dataSource);
  return dataSource;
}
