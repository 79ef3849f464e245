import { TooManyStreams } from './live.errors';

/**
 * Counts open streams per client (a token's subject, else an address) and refuses one past
 * the limit: a stream holds a socket and a timer for as long as it lives, unlike a request.
 */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** Takes a slot for `client`, or throws `TooManyStreams`; the returned function gives it back once. */
  acquire(client: string): () => void {
    const count = this.open.get(client) ?? 0;
    if (count >= this.limit) throw new TooManyStreams(this.limit);
    this.open.set(client, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(client) ?? 1) - 1;
      if (left <= 0) this.open.delete(client);
      else this.open.set(client, left);
    };
  }

  /** Streams open for `client` now. */
  openFor(client: string): number {
    return this.open.get(client) ?? 0;
  }
}
