import { Observable } from 'rxjs';

/** Who did something: copied from the verified token into every event's metadata. */
export interface Actor {
  sub: string;
  role: 'secretariat' | 'participant' | 'auditor' | 'system';
  group?: string;
  org?: string;
  name?: string;
}

/** Metadata every stored event carries (adapters add nothing they do not hash). */
export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string;
  /** `name@version` of the workflow that accepted the event. */
  workflow?: string;
  reason?: string;
  recordedAt: string;
  [key: string]: unknown;
}

/** An event as the caller hands it to `append`; `id` doubles as the idempotency key. */
export interface NewEvent<D = Record<string, unknown>> {
  id: string;
  type: string;
  data: D;
  metadata: EventMetadata;
}

/** An event as stored: revision in its stream, position in the store, hash chain link. */
export interface StoredEvent<D = Record<string, unknown>> extends NewEvent<D> {
  stream: string;
  revision: number;
  position: number;
  prevHash: string;
  hash: string;
}

export type ExpectedRevision = number | 'no-stream' | 'any';

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

/** Result of an append (or of the original append when the ids were already stored). */
export interface AppendResult {
  /** Revision of the last event of the append; the stream's current revision after it. */
  nextRevision: number;
  /** Position of the last event of the append. */
  position: number;
  /** Positions of the appended events, in order. */
  events: StoredEvent[];
  /** True when every event id was already stored and nothing new was written. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive start revision (defaults: 0 forwards, the end backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a position strictly greater than this. Default 0 (all events). */
  after?: number;
  maxCount?: number;
}

/** An event's place in the store and its chain hash (hex). */
export interface EventHash {
  position: number;
  hash: string;
}

export interface ChainProblem {
  revision: number;
  eventId?: string;
  problem: 'hash-mismatch' | 'prev-hash-mismatch' | 'revision-gap' | 'out-of-order';
  detail: string;
}

export interface ChainVerification {
  ok: boolean;
  events: number;
  problems: ChainProblem[];
}

/**
 * The event store port. Positions start at 1 and are gap-free and strictly increasing
 * across the store, in commit order; revisions start at 0 in each stream.
 */
export abstract class EventStore {
  /** Short name of the adapter (`sqlite`, `postgres`, `kurrentdb`). */
  abstract readonly kind: string;

  /** Atomically appends `events` to `stream`; throws `WrongExpectedRevision` on a stale expectation. */
  abstract append(stream: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;

  /** Reads one stream; an unknown stream reads as empty. */
  abstract readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;

  /** Reads all events after a position, in position order. */
  abstract readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;

  /**
   * The position and hash of every event after a position, in position order: what the audit
   * log's Merkle tree needs, without reading and parsing each event's data. Adapters whose
   * storage can select the two columns alone override it.
   */
  async readHashes(options: ReadAllOptions = {}): Promise<EventHash[]> {
    return (await this.readAll(options)).map(({ position, hash }) => ({ position, hash }));
  }

  /** The last position written (0 for an empty store). */
  abstract headPosition(): Promise<number>;

  /**
   * Every event after `after` (a checkpoint), first those stored, then live ones,
   * with no gap and no duplicate across the switch.
   */
  abstract subscribeToAll(after?: number): Observable<StoredEvent>;

  /** Recomputes the stream's hash chain. */
  abstract verifyStream(stream: string): Promise<ChainVerification>;

  abstract close(): Promise<void>;
}
