import { createHash } from 'node:crypto';
import { ChainProblem, ChainVerification, NewEvent, StoredEvent } from './event-store.port';

/** The hash that stands before a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth: one byte sequence per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/**
 * `sha256(prevHash || canonical event)`. The position is left out on purpose: it is
 * assigned at commit (by the server, for KurrentDB) and is checked by order instead.
 */
export function chainHash(prevHash: string, stream: string, revision: number, event: NewEvent): string {
  const canonical = canonicalJson({
    id: event.id,
    stream,
    revision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  });
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** Recomputes a stream's chain from its stored events, read forwards. */
export function verifyChain(events: StoredEvent[]): ChainVerification {
  const problems: ChainProblem[] = [];
  let prevHash = GENESIS_HASH;
  let lastPosition = 0;
  events.forEach((event, index) => {
    const at = { revision: event.revision, eventId: event.id };
    if (event.revision !== index) {
      problems.push({ ...at, problem: 'revision-gap', detail: `expected revision ${index}, found ${event.revision}` });
    }
    if (event.position <= lastPosition) {
      problems.push({ ...at, problem: 'out-of-order', detail: `position ${event.position} after ${lastPosition}` });
    }
    if (event.prevHash !== prevHash) {
      problems.push({ ...at, problem: 'prev-hash-mismatch', detail: 'link to the previous event is broken' });
    }
    const expected = chainHash(prevHash, event.stream, event.revision, event);
    if (expected !== event.hash) {
      problems.push({ ...at, problem: 'hash-mismatch', detail: 'content differs from what was hashed at append' });
    }
    prevHash = event.hash;
    lastPosition = event.position;
  });
  return { ok: problems.length === 0, events: events.length, problems };
}

/** The event as a read will return it (after the JSON round trip), which is what gets hashed. */
export function asStored<E extends NewEvent>(event: E): E {
  return { ...event, data: JSON.parse(JSON.stringify(event.data)), metadata: JSON.parse(JSON.stringify(event.metadata)) };
}
