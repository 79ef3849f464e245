import { GENESIS_HASH, chainHash } from '@consult/event-store';
import { EventRow } from './stored-rows';

/**
 * The four edits of the tamper tests, as pure functions from a stream's stored rows to
 * the rows after the edit. `rehash: false` is the naive editor: rows keep the hashes
 * stored with them. `rehash: true` is the insider who has the code: every hash from the
 * edit on is recomputed with the engine's own chain function, so the chain is whole again.
 */
export interface EditOptions {
  rehash: boolean;
}

/** A new event as an editor writes it in: its JSON already as text. */
export type ForgedEvent = Pick<EventRow, 'id' | 'type' | 'data' | 'metadata'>;

/** (a) The data of the event at `revision` replaced by `edit(data)`. */
export function changePayload(
  rows: EventRow[], revision: number, edit: (data: Record<string, unknown>) => Record<string, unknown>, options: EditOptions,
): EventRow[] {
  const edited = rows.map((row) => (row.revision === revision ? { ...row, data: JSON.stringify(edit(JSON.parse(row.data))) } : row));
  return settle(edited, revision, options);
}

/** (b) The event at `revision` removed; the insider renumbers the later ones (same positions) so that no revision is missing. */
export function deleteEvent(rows: EventRow[], revision: number, options: EditOptions): EventRow[] {
  const kept = rows.filter((row) => row.revision !== revision);
  if (!options.rehash) return kept;
  return settle(kept.map((row, i) => ({ ...row, revision: i })), revision, options);
}

/**
 * (c) The events at `revision` and `revision + 1` trade places: each takes the other's
 * slot (position and revision), so the stream still reads in order, wrongly.
 */
export function swapEvents(rows: EventRow[], revision: number, options: EditOptions): EventRow[] {
  const [a, b] = [rows[revision], rows[revision + 1]];
  const swapped = rows.map((row) => {
    if (row === a) return { ...b, position: a.position, revision: a.revision };
    if (row === b) return { ...a, position: b.position, revision: b.revision };
    return row;
  });
  return settle(swapped, revision, options);
}

/**
 * (d) `event` written in at `revision`, the later events moved one revision on. Positions
 * between two stored events are taken by other streams, so the inserted event and every
 * later one get fresh positions after `headPosition`, in order. The forged event is linked
 * to its predecessor (its own hash is right); only the insider rehashes what follows.
 */
export function insertEvent(rows: EventRow[], revision: number, event: ForgedEvent, headPosition: number, options: EditOptions): EventRow[] {
  const before = rows.slice(0, revision);
  const forged: EventRow = { ...event, stream: rows[0].stream, revision, position: 0, prevHash: '', hash: '' };
  const moved = [forged, ...rows.slice(revision)].map((row, i) => ({ ...row, revision: revision + i, position: headPosition + 1 + i }));
  const prevHash = revision === 0 ? GENESIS_HASH : rows[revision - 1].hash;
  moved[0] = { ...moved[0], prevHash, hash: hashOf(moved[0], prevHash) };
  return options.rehash ? settle([...before, ...moved], revision + 1, options) : [...before, ...moved];
}

/** The naive editor stops here; the insider recomputes every hash from `from` on. */
function settle(rows: EventRow[], from: number, { rehash }: EditOptions): EventRow[] {
  if (!rehash) return rows;
  const out = rows.slice(0, from);
  for (const row of rows.slice(from)) {
    const prevHash = out.length === 0 ? GENESIS_HASH : out[out.length - 1].hash;
    out.push({ ...row, prevHash, hash: hashOf(row, prevHash) });
  }
  return out;
}

/** The engine's own hash of a stored row (chainHash over the row as a read returns it). */
export function hashOf(row: EventRow, prevHash: string): string {
  const event = { id: row.id, type: row.type, data: JSON.parse(row.data), metadata: JSON.parse(row.metadata) };
  return chainHash(prevHash, row.stream, row.revision, event);
}
