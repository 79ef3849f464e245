import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/** Rows a multi-row statement carries at most: far below SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_STATEMENT = 500;

/**
 * A page's folded rows written in plain multi-row SQL, on the page's transaction. On a
 * rebuild TypeORM's query builder (its parameter bookkeeping, and a SELECT back after each
 * upsert) cost more than folding the events; the values still go through the driver's own
 * conversion (simple-json, booleans), so the rows stored are the same.
 */
export class ReadModelSql {
  private readonly postgres: boolean;

  constructor(private readonly manager: EntityManager) {
    this.postgres = manager.connection.driver.options.type === 'postgres';
  }

  /**
   * Inserts the rows, or updates the columns they carry where the primary key exists;
   * columns they leave undefined keep their stored value (or the default). All rows carry
   * the same columns, as the folds build them. With `unlessNewer`, a stored row whose value
   * in that column is greater is kept: an event applied late (a retried parked one) never
   * takes a row back to an older state.
   */
  async upsert<T extends ObjectLiteral>(entity: EntityTarget<T>, rows: T[], unlessNewer?: keyof T & string): Promise<void> {
    if (rows.length === 0) return;
    const meta = this.manager.connection.getMetadata(entity);
    const columns = meta.columns.filter((column) => column.getEntityValue(rows[0]) !== undefined);
    const keys = meta.primaryColumns.map((column) => this.name(column));
    const updates = columns.filter((column) => !column.isPrimary).map((column) => `${this.name(column)} = EXCLUDED.${this.name(column)}`);
    const guard = unlessNewer ? this.newerGuard(meta, unlessNewer) : '';
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const params: unknown[] = [];
      const values = chunk.map((row) => `(${columns.map((column) => this.param(params, this.value(row, column))).join(', ')})`);
      await this.manager.query(
        `INSERT INTO ${this.table(meta)} (${columns.map((column) => this.name(column)).join(', ')}) VALUES ${values.join(', ')} ` +
        `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${updates.join(', ')}${guard}`,
        params,
      );
    }
  }

  /** Sets the same values on every row whose primary key is in `ids`. */
  async updateWhereIdIn<T extends ObjectLiteral>(entity: EntityTarget<T>, ids: string[], set: Partial<T>): Promise<void> {
    const meta = this.manager.connection.getMetadata(entity);
    const [key] = meta.primaryColumns;
    const columns = meta.columns.filter((column) => column.getEntityValue(set) !== undefined);
    for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
      const params: unknown[] = [];
      const assignments = columns.map((column) => `${this.name(column)} = ${this.param(params, this.value(set, column))}`);
      const list = ids.slice(i, i + ROWS_PER_STATEMENT).map((id) => this.param(params, id));
      await this.manager.query(`UPDATE ${this.table(meta)} SET ${assignments.join(', ')} WHERE ${this.name(key)} IN (${list.join(', ')})`, params);
    }
  }

  /** Adds `by` to a numeric column of the row with primary key `id`. */
  async increment<T extends ObjectLiteral>(entity: EntityTarget<T>, id: string, column: keyof T & string, by: number): Promise<void> {
    const meta = this.manager.connection.getMetadata(entity);
    const target = this.name(meta.findColumnWithPropertyName(column)!);
    const params: unknown[] = [];
    const amount = this.param(params, by);
    await this.manager.query(`UPDATE ${this.table(meta)} SET ${target} = ${target} + ${amount} WHERE ${this.name(meta.primaryColumns[0])} = ${this.param(params, id)}`, params);
  }

  /**
   * Adds each row's amount (`by`: primary key → amount) to a numeric column: one statement
   * for each distinct amount, rather than one a row.
   */
  async incrementEach<T extends ObjectLiteral>(entity: EntityTarget<T>, column: keyof T & string, by: ReadonlyMap<string, number>): Promise<void> {
    const meta = this.manager.connection.getMetadata(entity);
    const target = this.name(meta.findColumnWithPropertyName(column)!);
    const idsByAmount = new Map<number, string[]>();
    for (const [id, amount] of by) idsByAmount.set(amount, [...(idsByAmount.get(amount) ?? []), id]);
    for (const [amount, ids] of idsByAmount) {
      for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
        const params: unknown[] = [];
        const set = `${target} = ${target} + ${this.param(params, amount)}`;
        const list = ids.slice(i, i + ROWS_PER_STATEMENT).map((id) => this.param(params, id));
        await this.manager.query(`UPDATE ${this.table(meta)} SET ${set} WHERE ${this.name(meta.primaryColumns[0])} IN (${list.join(', ')})`, params);
      }
    }
  }

  private newerGuard(meta: EntityMetadata, property: string): string {
    const column = this.name(meta.findColumnWithPropertyName(property)!);
    return ` WHERE ${this.table(meta)}.${column} <= EXCLUDED.${column}`;
  }

  private value(row: ObjectLiteral, column: ColumnMetadata): unknown {
    return this.manager.connection.driver.preparePersistentValue(column.getEntityValue(row), column);
  }

  /** Adds a parameter and returns its placeholder in the dialect's spelling. */
  private param(params: unknown[], value: unknown): string {
    params.push(value);
    return this.postgres ? `$${params.length}` : '?';
  }

  private name(column: ColumnMetadata): string {
    return this.manager.connection.driver.escape(column.databaseName);
  }

  private table(meta: EntityMetadata): string {
    return meta.tablePath.split('.').map((part) => this.manager.connection.driver.escape(part)).join('.');
  }
}
