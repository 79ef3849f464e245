/** PostgreSQL serialisation failures, deadlocks, cancelled statements, lost connections; SQLite busy or locked. */
export function isTransient(error: unknown): boolean {
  const code = String((error as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code ?? (error as { code?: unknown })?.code ?? '');
  return /^(40001|40P01|57014|55P03|57P0\d|53\d{3}|08\d{3}|SQLITE_BUSY|SQLITE_LOCKED)/.test(code) || /ECONNRESET|ECONNREFUSED|Connection terminated/.test(String((error as Error)?.message));
}
