import type { EntityManager } from 'typeorm';

/** SQL names for one connection: quoted identifiers, numbered or positional parameters. */
export function deliverySql(manager: EntityManager) {
  const driver = manager.connection.driver;
  const postgres = driver.options.type === 'postgres';
  const name = (column: string) => driver.escape(column);
  const table = (entity: Function) => manager.connection.getMetadata(entity).tablePath.split('.').map(name).join('.');
  const param = (i: number) => (postgres ? `$${i}` : '?');
  const list = (from: number, count: number) => Array.from({ length: count }, (_, i) => param(from + i)).join(', ');
  return { postgres, name, table, param, list };
}

/** `items` in slices of at most `size` (a statement's parameters are bounded). */
export function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
