import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Parameters one statement carries at most: below SQLite's 32,766 and PostgreSQL's 65,535. */
const PARAMETERS_PER_STATEMENT = 30_000;
/** Rows one statement carries at most: longer statements cost more to parse than they save. */
const MAX_ROWS_PER_STATEMENT = 1_000;

/**
 * Inserts the rows with multi-row statements, skipping those whose primary key (or another
 * unique key) is already stored: `ON CONFLICT DO NOTHING`, spelt the same on both backends.
 * Every row carries every column of the entity. The caller's transaction is used.
 */
export async function insertIgnoringConflicts<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: readonly T[]): Promise<void> {
  if (rows.length === 0) return;
  const driver = manager.connection.driver;
  const postgres = driver.options.type === 'postgres';
  const meta = manager.connection.getMetadata(entity);
  const columns = meta.columns;
  const table = meta.tablePath.split('.').map((part) => driver.escape(part)).join('.');
  const head = `INSERT INTO ${table} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const converters = columns.map((column) => converter(manager, column));
  const perStatement = Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(PARAMETERS_PER_STATEMENT / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${converters.map((convert) => placeholder(params, convert(row), postgres)).join(', ')})`);
    await manager.query(`${head}${values.join(', ')} ON CONFLICT DO NOTHING`, params);
  }
}

/** How a column's value is stored: as given for plain text, through the driver (transformers, json, dates) otherwise. */
function converter(manager: EntityManager, column: ColumnMetadata): (row: ObjectLiteral) => unknown {
  const key = column.propertyName;
  const plain = !column.transformer && !column.embeddedMetadata && (column.type === 'varchar' || column.type === 'text');
  if (plain) return (row) => row[key] ?? null;
  return (row) => manager.connection.driver.preparePersistentValue(column.getEntityValue(row) ?? null, column);
}

function placeholder(params: unknown[], value: unknown, postgres: boolean): string {
  params.push(value);
  return postgres ? `$${params.length}` : '?';
}
