import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Observable, Subject } from 'rxjs';
import { IdempotencyConflict, WrongExpectedRevision } from '../errors';
import {
  AppendOptions, AppendResult, ChainVerification, EventStore, ExpectedRevision, NewEvent,
  ReadAllOptions, ReadStreamOptions, StoredEvent,
} from '../event-store.port';
import { GENESIS_HASH, chainHash, verifyChain } from '../hash-chain';
import { followAll } from '../subscription';
import { GroupCommit } from './group-commit';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:'. The directory is created if missing. */
  path: string;
  /** Poll interval for commits made by other processes (ms). */
  pollMs?: number;
}

interface EventRow {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
  prev_hash: string;
  hash: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position  INTEGER PRIMARY KEY,
    stream    TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    id        TEXT    NOT NULL UNIQUE,
    type      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    metadata  TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL,
    UNIQUE (stream, revision)
  );
`;

/**
 * The embedded adapter: one SQLite file in WAL mode with `synchronous=FULL`, so an
 * acknowledged append survives a crash or power loss. SQLite has one writer at a
 * time (BEGIN IMMEDIATE), so positions `max + 1` are gap-free and in commit order,
 * across processes too. Concurrent appends in this process share one transaction
 * and one fsync (group commit), each inside its own savepoint.
 */
export class SqliteEventStore extends EventStore {
  readonly kind = 'sqlite';
  private readonly committed = new Subject<void>();
  private readonly writer: GroupCommit<{ stream: string; events: NewEvent[]; expected: ExpectedRevision }, AppendResult>;
  private readonly statements;
  private readonly transactions;

  private constructor(private readonly db: Database.Database, private readonly options: SqliteEventStoreOptions) {
    super();
    this.statements = {
      last: db.prepare<[string], { revision: number; hash: string }>(
        'SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
      head: db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events'),
      insert: db.prepare(
        `INSERT INTO events (position, stream, revision, id, type, data, metadata, prev_hash, hash)
         VALUES (@position, @stream, @revision, @id, @type, @data, @metadata, @prev_hash, @hash)`),
      byIds: db.prepare<[string], EventRow>('SELECT * FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY position'),
      forwards: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?'),
      backwards: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
      all: db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
    };
    this.transactions = {
      begin: db.prepare('BEGIN IMMEDIATE'), commit: db.prepare('COMMIT'), rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'), release: db.prepare('RELEASE append'), rollbackTo: db.prepare('ROLLBACK TO append'),
    };
    this.writer = new GroupCommit((batch) => this.commitBatch(batch));
  }

  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    const db = new Database(options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    db.exec(SCHEMA);
    return new SqliteEventStore(db, options);
  }

  append(stream: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new RangeError('append needs at least one event'));
    return this.writer.submit({ stream, events, expected: options.expectedRevision ?? 'any' });
  }

  /**
   * Runs a batch of appends in one IMMEDIATE transaction and one fsync. With several
   * requests each gets a savepoint, so a refused append leaves the others; a lone
   * request needs none (a refusal rolls the whole transaction back).
   */
  private commitBatch(batch: { stream: string; events: NewEvent[]; expected: ExpectedRevision }[]) {
    const outcomes: ({ ok: true; value: AppendResult } | { ok: false; error: unknown })[] = [];
    const tx = this.transactions;
    const isolate = batch.length > 1;
    tx.begin.run();
    try {
      let head = this.statements.head.get()?.head ?? 0;
      for (const request of batch) {
        if (isolate) tx.savepoint.run();
        try {
          const result = this.appendOne(request.stream, request.events, request.expected, head);
          if (!result.duplicate) head = result.position;
          if (isolate) tx.release.run();
          outcomes.push({ ok: true, value: result });
        } catch (error) {
          if (!isolate) throw error;
          tx.rollbackTo.run();
          tx.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      tx.commit.run();
    } catch (error) {
      if (this.db.inTransaction) tx.rollback.run();
      if (!isolate && outcomes.length === 0) return [{ ok: false as const, error }];
      throw error;
    }
    if (outcomes.some((o) => o.ok && !o.value.duplicate)) this.committed.next();
    return outcomes;
  }

  private appendOne(stream: string, events: NewEvent[], expected: ExpectedRevision, head: number): AppendResult {
    const original = this.findOriginal(stream, events);
    if (original) return original;
    const last = this.statements.last.get(stream);
    const actual = last ? last.revision : 'no-stream';
    if (expected !== 'any' && expected !== actual) throw new WrongExpectedRevision(stream, expected, actual);
    let prevHash = last ? last.hash : GENESIS_HASH;
    let revision = last ? last.revision : -1;
    const stored = events.map((event) => {
      revision += 1;
      head += 1;
      // canonicalJson hashes the JSON form, so a read (after the round trip) verifies.
      const hash = chainHash(prevHash, stream, revision, event);
      const row: StoredEvent = { ...event, stream, revision, position: head, prevHash, hash };
      prevHash = hash;
      this.statements.insert.run({
        position: head, stream, revision, id: event.id, type: event.type,
        data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata), prev_hash: row.prevHash, hash,
      });
      return row;
    });
    return { nextRevision: revision, position: head, events: stored, duplicate: false };
  }

  /** The original result when every id is already stored; a conflict when only some are. */
  private findOriginal(stream: string, events: NewEvent[]): AppendResult | undefined {
    const present = this.statements.byIds.all(JSON.stringify(events.map((event) => event.id)));
    if (present.length === 0) return undefined;
    if (present.length < events.length || present.some((row) => row.stream !== stream)) {
      throw new IdempotencyConflict(
        `append to ${stream}: ${present.length} of ${events.length} event ids are already stored` +
        (present.some((row) => row.stream !== stream) ? ' (in another stream)' : ''));
    }
    const stored = present.map(fromRow);
    const last = stored[stored.length - 1];
    return { nextRevision: last.revision, position: last.position, events: stored, duplicate: true };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (options.direction === 'backwards') {
      return this.statements.backwards.all(stream, options.fromRevision ?? Number.MAX_SAFE_INTEGER, maxCount).map(fromRow);
    }
    return this.statements.forwards.all(stream, options.fromRevision ?? 0, maxCount).map(fromRow);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return this.statements.all.all(options.after ?? 0, options.maxCount ?? Number.MAX_SAFE_INTEGER).map(fromRow);
  }

  async headPosition(): Promise<number> {
    return this.statements.head.get()?.head ?? 0;
  }

  subscribeToAll(after = 0): Observable<StoredEvent> {
    return followAll(after, {
      readAfter: (position, maxCount) => this.readAll({ after: position, maxCount }),
      wakeUps: this.committed,
      pollMs: this.options.pollMs ?? 200,
    });
  }

  async verifyStream(stream: string): Promise<ChainVerification> {
    return verifyChain(await this.readStream(stream));
  }

  async close(): Promise<void> {
    await this.writer.drain();
    this.committed.complete();
    if (this.db.open) this.db.close();
  }
}

function fromRow(row: EventRow): StoredEvent {
  return {
    position: row.position, stream: row.stream, revision: row.revision, id: row.id, type: row.type,
    data: JSON.parse(row.data), metadata: JSON.parse(row.metadata), prevHash: row.prev_hash, hash: row.hash,
  };
}
