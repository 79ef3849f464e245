import { IdempotencyConflict, WrongExpectedRevision } from '../errors';
import { AppendResult, ExpectedRevision, NewEvent, StoredEvent } from '../event-store.port';
import { GENESIS_HASH, canonicalJson, chainHashOf } from '../hash-chain';

/** One caller's append, as queued for group commit. */
export interface AppendRequest {
  stream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export type Outcome = { ok: true; value: AppendResult } | { ok: false; error: unknown };

/** What the database holds for a batch: the last event of each stream, and the events whose ids it names. */
export interface StoredState {
  heads: Map<string, { revision: number; hash: string }>;
  byId: Map<string, StoredEvent>;
}

/** Outcome of every append, the rows to insert, and the last position they use. */
export interface AppendPlan {
  outcomes: Outcome[];
  rows: StoredEvent[];
  head: number;
}

/**
 * Decides a batch of appends against the stored state, in order, as if each were
 * committed before the next: a later append sees the earlier ones' revisions, hashes
 * and ids. Positions continue from `head`. Nothing here touches the database: the
 * caller either holds the writers' lock, so the state cannot change under it, or
 * writes the plan with a statement that fails if it did (see `PostgresWriter`).
 */
export function planAppends(requests: AppendRequest[], state: StoredState, head: number): AppendPlan {
  const rows: StoredEvent[] = [];
  const outcomes = requests.map((request): Outcome => {
    try {
      const result = planOne(request, state, head);
      if (!result.duplicate) {
        rows.push(...result.events);
        head = result.position;
        const last = result.events[result.events.length - 1];
        state.heads.set(request.stream, { revision: last.revision, hash: last.hash });
        for (const event of result.events) state.byId.set(event.id, event);
      }
      return { ok: true, value: result };
    } catch (error) {
      return { ok: false, error };
    }
  });
  return { outcomes, rows, head };
}

function planOne({ stream, events, expected }: AppendRequest, state: StoredState, head: number): AppendResult {
  const original = findOriginal(stream, events, state.byId);
  if (original) return original;
  if (new Set(events.map((e) => e.id)).size < events.length) {
    throw new IdempotencyConflict(`append to ${stream}: the same event id appears twice`);
  }
  const last = state.heads.get(stream);
  const actual = last ? last.revision : 'no-stream';
  if (expected !== 'any' && expected !== actual) throw new WrongExpectedRevision(stream, expected, actual);
  const stored = chainEvents(stream, events, last?.revision ?? -1, last?.hash ?? GENESIS_HASH, head);
  const end = stored[stored.length - 1];
  return { nextRevision: end.revision, position: end.position, events: stored, duplicate: false };
}

/** The original result when every id is stored in this stream; a conflict when only some are, or elsewhere. */
function findOriginal(stream: string, events: NewEvent[], byId: Map<string, StoredEvent>): AppendResult | undefined {
  const present = events.map((event) => byId.get(event.id)).filter((e): e is StoredEvent => e !== undefined);
  if (present.length === 0) return undefined;
  const elsewhere = present.some((event) => event.stream !== stream);
  if (present.length < events.length || elsewhere) {
    throw new IdempotencyConflict(
      `append to ${stream}: ${present.length} of ${events.length} event ids are already stored` +
      (elsewhere ? ' (in another stream)' : ''));
  }
  const end = present[present.length - 1];
  return { nextRevision: end.revision, position: end.position, events: present, duplicate: true };
}

/** The JSON text of each planned event's data and metadata, made once: the insert sends it as is. */
const texts = new WeakMap<StoredEvent, { data: string; metadata: string }>();

/** The text to store for an event's data and metadata. */
export function jsonTexts(event: StoredEvent): { data: string; metadata: string } {
  return texts.get(event) ?? { data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) };
}

/**
 * Numbers and links the events. The hash is of the event's canonical JSON form, which
 * is also the text stored (the json type keeps it as sent) and read back, so
 * a later read verifies; the events returned are that form too (a Date comes back as
 * its string, as a read would return it).
 */
function chainEvents(stream: string, events: NewEvent[], lastRevision: number, lastHash: string, head: number): StoredEvent[] {
  let prevHash = lastHash;
  return events.map((event, i) => {
    // The canonical form is both what gets hashed and what gets stored: one serialisation.
    const text = { data: canonicalJson(event.data), metadata: canonicalJson(event.metadata) };
    const revision = lastRevision + 1 + i;
    const hash = chainHashOf(prevHash, stream, revision, event, text.data, text.metadata);
    const stored: StoredEvent = {
      id: event.id, type: event.type, data: JSON.parse(text.data), metadata: JSON.parse(text.metadata),
      stream, revision, position: head + 1 + i, prevHash, hash,
    };
    texts.set(stored, text);
    prevHash = hash;
    return stored;
  });
}
