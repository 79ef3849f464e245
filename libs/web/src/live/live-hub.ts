import type { Subscription } from 'rxjs';
import type { EventStore, StoredEvent } from '@consult/event-store';
import { BatchPacing, DEFAULT_PACING, LiveBatch, LiveBatcher } from './live-batcher';
import { toPublicEvent } from './public-event';
import { sseFrame } from './sse-frame';

/** What the hub needs of the event store. */
export type LiveSource = Pick<EventStore, 'subscribeToAll' | 'readAll' | 'headPosition'>;

/** A public event ready to write: mapped, framed and encoded once, whatever the number of clients. */
export interface LiveMessage {
  position: number;
  consultationId: string;
  /** The SSE message as UTF-8 bytes: a thousand sockets are not each given a string to encode. */
  frame: Buffer;
}

/** One client of the hub; `deliver` gets every public event after its join, in position order, in batches. */
export interface LiveListener {
  deliver(batch: LiveBatch): void;
  /** The store subscription failed: the client should end (it reconnects with Last-Event-ID). */
  fail(error: unknown): void;
}

/** A page read from the store for a client catching up. */
export interface LivePage {
  messages: LiveMessage[];
  /** Events read, public or not; fewer than asked means the end of the store then. */
  count: number;
  /** Position of the last event read (public or not), else the position read after. */
  last: number;
}

/** The message a stored event makes, or undefined when the public may see nothing of it. */
export function toLiveMessage(event: StoredEvent): LiveMessage | undefined {
  const visible = toPublicEvent(event);
  return visible && { position: visible.position, consultationId: visible.consultationId, frame: Buffer.from(sseFrame(visible)) };
}

/**
 * One store subscription for every client of the process: started when the first client
 * joins, stopped when the last leaves (a restart costs one head read, and an idle process
 * then polls nothing). Each event is mapped and framed once; the events of one task (a page read
 * from the store), or of a few when the last fan-out was recent (see `BatchPacing`), go to every
 * listener as one batch, so a busy hub writes fewer, larger writes rather than falling behind.
 */
export class LiveHub {
  private readonly listeners = new Set<LiveListener>();
  private subscription?: Subscription;
  private starting?: Promise<number>;
  private generation = 0;
  private readonly batcher: LiveBatcher;
  /** The last store position the subscription delivered (public or not). */
  private position = 0;

  constructor(private readonly source: LiveSource, pacing: BatchPacing = DEFAULT_PACING) {
    this.batcher = new LiveBatcher((batch) => {
      for (const listener of this.listeners) listener.deliver(batch);
    }, pacing);
  }

  /** Clients attached now. */
  get clients(): number {
    return this.listeners.size;
  }

  /** Store subscriptions open now: 1 while any client is attached, else 0. */
  get storeSubscriptions(): number {
    return this.subscription ? 1 : 0;
  }

  /**
   * Adds a listener; resolves to the position it gets live events after. Decided before any
   * await when the subscription runs, so no event slips between the answer and the first delivery.
   */
  async attach(listener: LiveListener): Promise<number> {
    this.listeners.add(listener);
    if (this.subscription) return this.position;
    this.starting ??= this.start(this.generation);
    try {
      return await this.starting;
    } catch (error) {
      this.listeners.delete(listener);
      throw error;
    }
  }

  /** Removes a listener; the last one out stops the store subscription. */
  detach(listener: LiveListener): void {
    if (!this.listeners.delete(listener)) return;
    if (this.listeners.size === 0) this.stop();
  }

  /** Public events after `after`, one page, for a client catching up from the store. */
  async readPage(after: number, maxCount: number): Promise<LivePage> {
    const events = await this.source.readAll({ after, maxCount });
    const messages: LiveMessage[] = [];
    for (const event of events) {
      const message = toLiveMessage(event);
      if (message) messages.push(message);
    }
    return { messages, count: events.length, last: events.at(-1)?.position ?? after };
  }

  private async start(generation: number): Promise<number> {
    try {
      const head = await this.source.headPosition();
      // Everyone left while the head was read: a later client starts afresh.
      if (generation !== this.generation) return head;
      this.position = head;
      this.subscription = this.source.subscribeToAll(head).subscribe({
        next: (event) => this.publish(event),
        error: (error: unknown) => this.failAll(error),
      });
      return head;
    } catch (error) {
      if (generation === this.generation) this.starting = undefined;
      throw error;
    }
  }

  private publish(event: StoredEvent): void {
    this.position = event.position;
    const message = toLiveMessage(event);
    if (message) this.batcher.add(message);
  }

  private failAll(error: unknown): void {
    // What the store gave before it failed still goes out: fewer events for clients to read again.
    this.batcher.flush();
    const listeners = [...this.listeners];
    this.listeners.clear();
    this.stop();
    for (const listener of listeners) listener.fail(error);
  }

  private stop(): void {
    this.generation += 1;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.starting = undefined;
    this.batcher.clear();
  }
}
