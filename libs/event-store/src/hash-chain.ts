import * as crypto from 'node:crypto';
import { ChainProblem, ChainVerification, NewEvent, StoredEvent } from './event-store.port';

/** The hash that stands before a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth: one byte sequence per value. It equals
 * the canonical form of the value's JSON round trip (`toJSON` is honoured, undefined
 * members are left out), so an event hashes the same before it is stored and as read.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return JSON.stringify(value) ?? 'null';
  }
  const object = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof object.toJSON === 'function') return canonicalJson(object.toJSON());
  if (Array.isArray(object)) {
    let out = '[';
    for (let i = 0; i < object.length; i += 1) out += (i ? ',' : '') + canonicalJson(object[i]);
    return `${out}]`;
  }
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const member = object[key];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    out += `${out.length > 1 ? ',' : ''}${quotedKey(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

/** Event payloads repeat the same few keys: each is quoted once (bounded, against unbounded key sets). */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** One-shot sha256 (Node ≥ 20.12), else the streaming API: the same digest either way. */
const sha256 = typeof crypto.hash === 'function'
  ? (text: string) => crypto.hash('sha256', text, 'hex')
  : (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * `sha256(prevHash || canonical event)`. The position is left out on purpose: it is
 * assigned at commit (by the server, for KurrentDB) and is checked by order instead.
 */
export function chainHash(prevHash: string, stream: string, revision: number, event: NewEvent): string {
  return chainHashOf(prevHash, stream, revision, event, canonicalJson(event.data), canonicalJson(event.metadata));
}

/**
 * chainHash with the data and metadata already in canonical form (a store that keeps
 * that form as its JSON columns serialises each only once). The string is exactly
 * canonicalJson({ id, stream, revision, type, data, metadata }): keys in sorted order.
 */
export function chainHashOf(
  prevHash: string, stream: string, revision: number, event: Pick<NewEvent, 'id' | 'type'>, data: string, metadata: string,
): string {
  const canonical = `{"data":${data},"id":${JSON.stringify(event.id)},"metadata":${metadata},`
    + `"revision":${revision},"stream":${JSON.stringify(stream)},"type":${JSON.stringify(event.type)}}`;
  return sha256(prevHash + canonical);
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
