import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

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
  const meta = manager.connection.getMetadata(entity);
  const converters = meta.columns.map((column) => converter(manager, column));
  const values: unknown[] = [];
  for (const row of rows) for (const convert of converters) values.push(convert(row));
  await insertFlat(manager, meta, meta.columns, values);
}

/**
 * The same for rows already laid out flat: `columns.length` values a row, in the order of
 * `columns` (property names), each as it is stored (text, numbers, null: nothing is converted).
 * Many rows are written without an object per row.
 */
export async function insertValuesIgnoringConflicts<T extends ObjectLiteral>(
  manager: EntityManager, entity: EntityTarget<T>, columns: readonly (keyof T & string)[], values: readonly unknown[],
): Promise<void> {
  const meta = manager.connection.getMetadata(entity);
  const found = columns.map((property) => {
    const column = meta.findColumnWithPropertyName(property);
    if (!column) throw new Error(`insert: ${meta.name} has no column ${property}`);
    return column;
  });
  await insertFlat(manager, meta, found, values);
}

async function insertFlat(manager: EntityManager, meta: EntityMetadata, columns: readonly ColumnMetadata[], values: readonly unknown[]): Promise<void> {
  const width = columns.length;
  const rows = values.length / width;
  if (!Number.isInteger(rows)) throw new Error(`insert: ${values.length} values do not make rows of ${width} columns`);
  const driver = manager.connection.driver;
  const postgres = driver.options.type === 'postgres';
  const names = columns.map((column) => driver.escape(column.databaseName));
  const head = `INSERT INTO ${meta.tablePath.split('.').map((part) => driver.escape(part)).join('.')} (${names.join(', ')}) VALUES `;
  const perStatement = Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(PARAMETERS_PER_STATEMENT / width));
  for (let start = 0; start < rows; start += perStatement) {
    const count = Math.min(perStatement, rows - start);
    const params = values.slice(start * width, (start + count) * width);
    await manager.query(`${head}${placeholders(count, width, postgres)} ON CONFLICT DO NOTHING`, params);
  }
}

/** `(?, ?), (?, ?)` or `($1, $2), ($3, $4)`: the same few shapes recur, so they are made once. */
const shapes = new Map<string, string>();
function placeholders(rows: number, width: number, postgres: boolean): string {
  const key = `${rows}×${width}${postgres ? '$' : '?'}`;
  let text = shapes.get(key);
  if (text === undefined) {
    const tuples: string[] = [];
    for (let row = 0; row < rows; row += 1) {
      const marks = Array.from({ length: width }, (_, column) => (postgres ? `$${row * width + column + 1}` : '?'));
      tuples.push(`(${marks.join(', ')})`);
    }
    text = tuples.join(', ');
    // Odd tail sizes would otherwise pile up; the common shapes are rebuilt at once.
    if (shapes.size >= 64) shapes.clear();
    shapes.set(key, text);
  }
  return text;
}

/** How a column's value is stored: as given for plain text, through the driver (transformers, json, dates) otherwise. */
function converter(manager: EntityManager, column: ColumnMetadata): (row: ObjectLiteral) => unknown {
  const key = column.propertyName;
  const plain = !column.transformer && !column.embeddedMetadata && (column.type === 'varchar' || column.type === 'text');
  if (plain) return (row) => row[key] ?? null;
  return (row) => manager.connection.driver.preparePersistentValue(column.getEntityValue(row) ?? null, column);
}
