import type { EventMetadata, StoredEvent } from '@consult/event-store';
import { type HistoryEntry, entryOf } from './history-entries';

/**
 * One exported event: the history entry auditors read, plus what an import needs to store
 * it again byte for byte (its stream and its whole metadata, which the hash covers).
 */
export interface ExportRecord extends HistoryEntry {
  stream: string;
  metadata: EventMetadata;
}

/**
 * The export of a consultation: its history entries (with their changes) and the events of
 * any other stream that belongs to it (contributions), all in position order.
 */
export function exportRecords(history: readonly HistoryEntry[], events: readonly StoredEvent[]): ExportRecord[] {
  const byId = new Map(history.map((entry) => [entry.id, entry]));
  return [...events]
    .sort((a, b) => a.position - b.position)
    .map((event) => ({ ...(byId.get(event.id) ?? entryOf(event)), stream: event.stream, metadata: event.metadata }));
}

/** JSON lines: one record a line, as `consult import` reads them back. */
export const toJsonl = (records: readonly ExportRecord[]): string => records.map((record) => `${JSON.stringify(record)}\n`).join('');

/** CSV columns, in order; objects and lists are written as JSON. */
export const CSV_COLUMNS = [
  'stream', 'revision', 'position', 'recordedAt', 'effectiveAt', 'type', 'actor', 'reason', 'changes', 'documents',
  'workflow', 'id', 'prevHash', 'hash', 'data',
] as const;

/** CSV with a header line, for spreadsheets (RFC 4180 quoting). */
export function toCsv(records: readonly ExportRecord[]): string {
  const lines = records.map((record) => CSV_COLUMNS.map((column) => csvCell(cellValue(record, column))).join(','));
  return [CSV_COLUMNS.join(','), ...lines].map((line) => `${line}\n`).join('');
}

function cellValue(record: ExportRecord, column: (typeof CSV_COLUMNS)[number]): unknown {
  if (column === 'actor') return `${record.actor.role}:${record.actor.sub}`;
  return record[column];
}

/**
 * Quotes what needs quoting, and defuses text a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, carriage return first: OWASP's CSV injection rule) with a
 * leading apostrophe: contributions and reasons are text from outside.
 */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
