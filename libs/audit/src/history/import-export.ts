import { DomainError, type EventStore, type NewEvent, type StoredEvent } from '@consult/event-store';
import type { ExportRecord } from './export-format';

/** A line of the file is not an exported event, or the events do not make whole streams. */
export class InvalidExport extends DomainError {
  readonly code = 'AUDIT.INVALID_EXPORT';
}

/** The target store already holds a stream the file carries: an import only fills a fresh store. */
export class ImportTargetNotFresh extends DomainError {
  readonly code = 'AUDIT.IMPORT_TARGET_NOT_FRESH';
}

/** The fields an import needs of each line; the rest of the entry is ignored. */
type ImportedEvent = Pick<ExportRecord, 'stream' | 'revision' | 'position' | 'id' | 'type' | 'data' | 'metadata' | 'prevHash' | 'hash'>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const REQUIRED: [keyof ImportedEvent, (v: unknown) => boolean][] = [
  ['stream', (v) => typeof v === 'string' && v.length > 0], ['revision', (v) => Number.isInteger(v) && (v as number) >= 0],
  ['position', (v) => Number.isInteger(v)], ['id', (v) => typeof v === 'string' && v.length > 0],
  ['type', (v) => typeof v === 'string' && v.length > 0], ['data', isObject], ['metadata', isObject],
  ['prevHash', (v) => typeof v === 'string'], ['hash', (v) => typeof v === 'string'],
];

/** Reads a JSONL export (one consultation, or several concatenated): each stream's events, by revision. */
export function parseExport(text: string): Map<string, ImportedEvent[]> {
  const streams = new Map<string, ImportedEvent[]>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const event = parseLine(line, index + 1);
    const list = streams.get(event.stream) ?? [];
    list.push(event);
    streams.set(event.stream, list);
  });
  for (const [stream, events] of streams) {
    events.sort((a, b) => a.revision - b.revision);
    events.forEach((event, revision) => {
      if (event.revision < revision) throw new InvalidExport(`stream ${stream}: revision ${event.revision} is given twice`);
      if (event.revision > revision) throw new InvalidExport(`stream ${stream}: revision ${revision} is missing`);
    });
  }
  if (streams.size === 0) throw new InvalidExport('the file holds no events');
  return streams;
}

function parseLine(line: string, number: number): ImportedEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new InvalidExport(`line ${number} is not JSON`);
  }
  if (!isObject(value)) throw new InvalidExport(`line ${number} is not a JSON object`);
  const bad = REQUIRED.find(([field, valid]) => !valid(value[field]));
  if (bad) throw new InvalidExport(`line ${number}: field ${bad[0]} is missing or invalid`);
  return value as unknown as ImportedEvent;
}

/** The first stored event whose link or hash is not the one exported. */
export interface HashMismatch {
  stream: string;
  revision: number;
  field: 'prevHash' | 'hash' | 'revision';
  exported: string | number;
  recomputed: string | number;
}

/** What an import stored, and whether every hash recomputed by the store equals the exported one. */
export interface ImportResult {
  streams: number;
  events: number;
  hashesMatch: boolean;
  firstMismatch?: HashMismatch;
}

/**
 * Appends every event again with its id, type, data and metadata, stream by stream in the
 * order of the original positions (so the log keeps the relative order it had), and
 * compares the hash chain the target store computes with the exported one. Refuses a
 * target that already holds any of the streams.
 */
export async function importStreams(store: EventStore, streams: Map<string, ImportedEvent[]>): Promise<ImportResult> {
  for (const stream of streams.keys()) {
    if ((await store.readStream(stream, { maxCount: 1 })).length > 0) {
      throw new ImportTargetNotFresh(`the target store already holds ${stream}: import into a fresh store`);
    }
  }
  let firstMismatch: HashMismatch | undefined;
  let events = 0;
  for (const run of runsInPositionOrder(streams)) {
    const expectedRevision = run[0].revision === 0 ? 'no-stream' : run[0].revision - 1;
    const result = await store.append(run[0].stream, run.map(asNewEvent), { expectedRevision });
    firstMismatch ??= mismatchIn(run, result.events);
    events += run.length;
  }
  return { streams: streams.size, events, hashesMatch: firstMismatch === undefined, ...(firstMismatch && { firstMismatch }) };
}

/** Consecutive events of one stream, in the order of their exported positions (at most 500 a run). */
function runsInPositionOrder(streams: Map<string, ImportedEvent[]>): ImportedEvent[][] {
  const all = [...streams.values()].flat().sort((a, b) => a.position - b.position || a.revision - b.revision);
  const runs: ImportedEvent[][] = [];
  for (const event of all) {
    const last = runs[runs.length - 1];
    if (last && last[0].stream === event.stream && last.length < 500) last.push(event);
    else runs.push([event]);
  }
  return runs;
}

const asNewEvent = (event: ImportedEvent): NewEvent => ({ id: event.id, type: event.type, data: event.data, metadata: event.metadata });

function mismatchIn(exported: ImportedEvent[], stored: StoredEvent[]): HashMismatch | undefined {
  for (const [i, event] of exported.entries()) {
    const got = stored[i];
    const at = { stream: event.stream, revision: event.revision };
    if (got.revision !== event.revision) return { ...at, field: 'revision', exported: event.revision, recomputed: got.revision };
    if (got.prevHash !== event.prevHash) return { ...at, field: 'prevHash', exported: event.prevHash, recomputed: got.prevHash };
    if (got.hash !== event.hash) return { ...at, field: 'hash', exported: event.hash, recomputed: got.hash };
  }
  return undefined;
}
