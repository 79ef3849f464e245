import { IdempotencyConflict, WrongExpectedRevision } from '../errors';
import { AppendResult, ExpectedRevision, NewEvent, StoredEvent } from '../event-store.port';
import { GENESIS_HASH, chainHash, asStored } from '../hash-chain';

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
 * caller holds the head lock, so the state cannot change under it.
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

/**
 * Numbers and links the events. Each is first normalised through JSON, the form it is
 * stored and read back in, so the hash covers exactly what a later read verifies
 * (a Date or an undefined field would otherwise hash differently from its stored text).
 */
function chainEvents(stream: string, events: NewEvent[], lastRevision: number, lastHash: string, head: number): StoredEvent[] {
  let prevHash = lastHash;
  return events.map((event, i) => {
    const { id, type, data, metadata } = asStored(event);
    const normalised: NewEvent = { id, type, data, metadata };
    const revision = lastRevision + 1 + i;
    const hash = chainHash(prevHash, stream, revision, normalised);
    const stored: StoredEvent = { ...normalised, stream, revision, position: head + 1 + i, prevHash, hash };
    prevHash = hash;
    return stored;
  });
}
