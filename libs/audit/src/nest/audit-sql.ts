import type { DataSource } from 'typeorm';

/** A table of ours, in the configured PostgreSQL schema (raw queries get no default schema from TypeORM). */
export function table(db: DataSource, name: string): string {
  const schema = db.options.type === 'postgres' ? db.options.schema : undefined;
  return schema ? `"${schema}"."${name}"` : `"${name}"`;
}

/** The n-th (1-based) query parameter in the connection's dialect. */
export function ph(db: DataSource, n: number): string {
  return db.options.type === 'postgres' ? `$${n}` : '?';
}

/** The column type of raw bytes in the connection's dialect. */
export function bytesType(db: DataSource): string {
  return db.options.type === 'postgres' ? 'bytea' : 'blob';
}
