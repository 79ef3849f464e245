import Database from 'better-sqlite3';
import { IdempotencyConflict, WrongExpectedRevision } from '../errors';
import { AppendResult, ExpectedRevision, NewEvent, StoredEvent } from '../event-store.port';
import { GENESIS_HASH, canonicalJson, chainHashOf } from '../hash-chain';

/** The columns as readers select them: rows come back as arrays (`.raw()`), one object fewer per row. */
export const EVENT_COLUMNS = 'position, stream, revision, id, type, data, metadata, prev_hash, hash';
export type EventTuple = [position: number, stream: string, revision: number, id: string, type: string, data: string, metadata: string, prevHash: string, hash: string];

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

/** One connection at full durability: WAL with an fsync on every commit. */
export function openSqliteDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);
  return db;
}

export function fromTuple(row: EventTuple): StoredEvent {
  return {
    position: row[0], stream: row[1], revision: row[2], id: row[3], type: row[4],
    data: JSON.parse(row[5]), metadata: JSON.parse(row[6]), prevHash: row[7], hash: row[8],
  };
}

export interface AppendRequest {
  stream: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

/**
 * What the committing side reports for one append: the chain links it wrote (the
 * caller already holds the events themselves), or the stored originals of a retry.
 */
export type AppendReceipt =
  | { duplicate: false; nextRevision: number; position: number; prevHash: string; hashes: string[] }
  | { duplicate: true; events: StoredEvent[] };

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** The caller's AppendResult from its own request and the receipt. */
export function toAppendResult(request: AppendRequest, receipt: AppendReceipt): AppendResult {
  if (receipt.duplicate) {
    const last = receipt.events[receipt.events.length - 1];
    return { nextRevision: last.revision, position: last.position, events: receipt.events, duplicate: true };
  }
  const first = receipt.hashes.length - 1;
  const events = request.events.map((event, i): StoredEvent => ({
    ...event,
    stream: request.stream,
    revision: receipt.nextRevision - first + i,
    position: receipt.position - first + i,
    prevHash: i === 0 ? receipt.prevHash : receipt.hashes[i - 1],
    hash: receipt.hashes[i],
  }));
  return { nextRevision: receipt.nextRevision, position: receipt.position, events, duplicate: false };
}

/**
 * The write side of the SQLite store, bound to one connection: it runs a batch of
 * appends in one IMMEDIATE transaction and one fsync. It runs on the caller's thread
 * for `:memory:` stores and in the writer thread for files (sqlite.writer-thread.ts).
 */
export class SqliteAppender {
  private readonly statements;
  private readonly transactions;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      last: db.prepare<[string], { revision: number; hash: string }>(
        'SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
      head: db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events'),
      insert: db.prepare(
        `INSERT INTO events (position, stream, revision, id, type, data, metadata, prev_hash, hash)
         VALUES (@position, @stream, @revision, @id, @type, @data, @metadata, @prev_hash, @hash)`),
      byIds: db.prepare<[string], EventTuple>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY position`).raw(),
    };
    this.transactions = {
      begin: db.prepare('BEGIN IMMEDIATE'), commit: db.prepare('COMMIT'), rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'), release: db.prepare('RELEASE append'), rollbackTo: db.prepare('ROLLBACK TO append'),
    };
  }

  /**
   * One outcome per request. With several requests each gets a savepoint, so a refused
   * append leaves the others; a lone request needs none (a refusal rolls the whole
   * transaction back). Throws when the transaction itself failed: then nothing was written.
   */
  commitBatch(batch: AppendRequest[]): Outcome<AppendReceipt>[] {
    const outcomes: Outcome<AppendReceipt>[] = [];
    const tx = this.transactions;
    const isolate = batch.length > 1;
    tx.begin.run();
    try {
      let head = this.statements.head.get()?.head ?? 0;
      for (const request of batch) {
        if (isolate) tx.savepoint.run();
        try {
          const receipt = this.appendOne(request, head);
          head = receipt.position;
          if (isolate) tx.release.run();
          outcomes.push({ ok: true, value: receipt });
        } catch (error) {
          if (!isolate) throw error;
          tx.rollbackTo.run();
          tx.release.run();
          outcomes.push(this.retried(request, error));
        }
      }
      tx.commit.run();
    } catch (error) {
      if (this.db.inTransaction) tx.rollback.run();
      if (!isolate && outcomes.length === 0) return [this.retried(batch[0], error)];
      throw error;
    }
    return outcomes;
  }

  /**
   * After an append failed and was rolled back: when its ids are stored, it was a retry
   * and gets the originals (a retry usually fails the revision check first, else the
   * UNIQUE(id) constraint); otherwise the error stands. The common path, new ids,
   * looks nothing up.
   */
  private retried(request: AppendRequest, error: unknown): Outcome<AppendReceipt> {
    if (!(error instanceof WrongExpectedRevision) && !isDuplicateId(error)) return { ok: false, error };
    try {
      const originals = this.originals(request.stream, request.events);
      return originals ? { ok: true, value: { duplicate: true, events: originals } } : { ok: false, error };
    } catch (conflict) {
      return { ok: false, error: conflict };
    }
  }

  private appendOne({ stream, events, expected }: AppendRequest, head: number): AppendReceipt & { duplicate: false } {
    const last = this.statements.last.get(stream);
    const actual = last ? last.revision : 'no-stream';
    if (expected !== 'any' && expected !== actual) throw new WrongExpectedRevision(stream, expected, actual);
    const firstPrevHash = last ? last.hash : GENESIS_HASH;
    let prevHash = firstPrevHash;
    let revision = last ? last.revision : -1;
    const hashes = events.map((event) => {
      revision += 1;
      head += 1;
      // The canonical form is what gets hashed and what gets stored: a read parses back to
      // the same values, so it verifies, and each event is serialised once.
      const data = canonicalJson(event.data);
      const metadata = canonicalJson(event.metadata);
      const hash = chainHashOf(prevHash, stream, revision, event, data, metadata);
      this.statements.insert.run({ position: head, stream, revision, id: event.id, type: event.type, data, metadata, prev_hash: prevHash, hash });
      prevHash = hash;
      return hash;
    });
    return { duplicate: false, nextRevision: revision, position: head, prevHash: firstPrevHash, hashes };
  }

  /** The stored originals when every id is already stored; none when none is; a conflict when only some are. */
  private originals(stream: string, events: NewEvent[]): StoredEvent[] | undefined {
    const present = this.statements.byIds.all(JSON.stringify(events.map((event) => event.id)));
    if (present.length === 0) return undefined;
    if (present.length < events.length || present.some((row) => row[1] !== stream)) {
      throw new IdempotencyConflict(
        `append to ${stream}: ${present.length} of ${events.length} event ids are already stored` +
        (present.some((row) => row[1] !== stream) ? ' (in another stream)' : ''));
    }
    return present.map(fromTuple);
  }
}

const isDuplicateId = (error: unknown): boolean =>
  (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /events\.id\b/.test((error as Error).message);
