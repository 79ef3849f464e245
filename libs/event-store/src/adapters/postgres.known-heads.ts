import { ExpectedRevision, StoredEvent } from '../event-store.port';
import { AppendRequest, StoredState } from './postgres.append-plan';

type StreamHead = { revision: number; hash: string };

/**
 * What this process knows of the store without asking: the last position, and the last
 * revision and hash of the streams it wrote or looked up recently, all as of that
 * position. It may be stale (another process may have written since); a plan made
 * from it is therefore only a guess, which the write verifies: positions continue from
 * `position`, and the insert of `position + 1` can only succeed if nobody committed
 * since (positions are gap-free, so any later commit holds `position + 1`). A guess
 * that fails the check costs a lookup and a retry, never a wrong answer.
 */
export class KnownHeads {
  /** The store's last position the entries describe; -1 when nothing is known. */
  private position = -1;
  private readonly streams = new Map<string, StreamHead>();

  constructor(private readonly capacity = 10000) {}

  /**
   * The state a batch would be planned against, if every stream it touches is known
   * (or, expected to be new, is assumed absent: a stream that does exist already
   * holds revision 0, so the insert would fail on (stream, revision)). Else undefined.
   */
  guess(batch: AppendRequest[]): { state: StoredState; head: number } | undefined {
    if (this.position < 0) return undefined;
    const heads = new Map<string, StreamHead>();
    for (const { stream, expected } of batch) {
      const head = this.streams.get(stream);
      if (head) heads.set(stream, head);
      else if (!isNew(expected)) return undefined;
    }
    return { state: { heads, byId: new Map() }, head: this.position };
  }

  /** Stream heads read from the database in the snapshot whose last position was `position`. */
  observed(position: number, heads: Map<string, StreamHead>): void {
    if (position !== this.position) this.reset(position);
    for (const [stream, head] of heads) this.remember(stream, head);
  }

  /** Our transaction wrote `rows` right after `from` (the insert proved nobody else had) and committed. */
  committed(from: number, rows: StoredEvent[]): void {
    if (from !== this.position) this.reset(from);
    for (const row of rows) this.remember(row.stream, { revision: row.revision, hash: row.hash });
    if (rows.length > 0) this.position = rows[rows.length - 1].position;
  }

  /** After an outcome we cannot be sure of. */
  forget(): void {
    this.reset(-1);
  }

  private reset(position: number): void {
    this.position = position;
    this.streams.clear();
  }

  private remember(stream: string, head: StreamHead): void {
    // Re-inserting moves the stream to the end: the oldest entries are evicted first.
    this.streams.delete(stream);
    this.streams.set(stream, head);
    if (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value as string);
  }
}

const isNew = (expected: ExpectedRevision): boolean => expected === 'no-stream';
