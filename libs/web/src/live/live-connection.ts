import { LiveBatch, liveBatch } from './live-batcher';
import type { LiveHub, LiveListener, LiveMessage } from './live-hub';
import { HEARTBEAT_FRAME, retryFrame } from './sse-frame';

/** The response a stream writes to (a Node `ServerResponse` is one). */
export interface LiveSink {
  write(chunk: string | Buffer): boolean;
  /** Bytes accepted by `write` and not yet handed to the socket. */
  readonly writableLength: number;
  end(): void;
  destroy(): void;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/** How a connection behaves: heartbeats, the most it buffers for a slow client, catch-up pages. */
export interface LiveConnectionOptions {
  heartbeatMs: number;
  /** A client whose unsent bytes pass this is cut off (it reconnects with Last-Event-ID). */
  maxBufferedBytes: number;
  /** Events read from the store per page while catching up. */
  pageSize: number;
  /** Live events held while catching up; past it they are dropped and read from the store instead. */
  maxHeldMessages: number;
  /** How long EventSource waits before reconnecting. */
  retryMs: number;
}

/** 15 s heartbeats (proxies commonly close after 30-60 s idle), 1 MiB for a slow client. */
export const DEFAULT_LIVE_OPTIONS: LiveConnectionOptions = {
  heartbeatMs: 15_000, maxBufferedBytes: 1 << 20, pageSize: 500, maxHeldMessages: 10_000, retryMs: 2_000,
};

/**
 * One client's stream. Resuming, it joins the hub first and holds the live events while it
 * reads the gap from the store, then sends those held that come after the last position it
 * sent: nothing is lost and nothing repeats across the switch. It ends when the client goes,
 * when the client stops reading, or when the store subscription fails.
 */
export class LiveConnection implements LiveListener {
  private held: LiveMessage[] | undefined = [];
  /** Held messages were dropped since this count was read: a read must start again after it. */
  private drops = 0;
  /** The last store position this client has been sent or has had skipped. */
  private sent = 0;
  private closed = false;
  private heartbeat?: NodeJS.Timeout;
  private livePosition = 0;
  /** Whether this connection writes the response (before that, an error answer may still go). */
  private running = false;

  constructor(
    private readonly hub: LiveHub,
    private readonly sink: LiveSink,
    private readonly consultationId: string | undefined,
    private readonly options: LiveConnectionOptions,
    private readonly onClose: () => void = () => undefined,
  ) {
    sink.once('close', () => this.close());
  }

  /** Joins the hub (this may fail when the store does not answer: nothing is written then). */
  async open(): Promise<void> {
    this.livePosition = await this.hub.attach(this);
    if (this.closed) this.hub.detach(this);
  }

  /**
   * Sends the stream after `after` (a Last-Event-ID), or from the join on. The first bytes
   * (the reconnection delay) go at once, so that the client knows the stream is open.
   */
  async run(after?: number): Promise<void> {
    if (this.closed) return;
    this.running = true;
    this.sink.write(retryFrame(this.options.retryMs));
    this.heartbeat = setInterval(() => this.send(HEARTBEAT_FRAME), this.options.heartbeatMs);
    this.heartbeat.unref();
    this.sent = after ?? this.livePosition;
    try {
      if (after !== undefined) await this.catchUp();
    } catch {
      // The store failed mid-way: the client reconnects with the last id it got.
      return this.end('destroy');
    }
    const held = this.held ?? [];
    this.held = undefined;
    if (held.length > 0) this.deliver(liveBatch(held));
  }

  deliver(batch: LiveBatch): void {
    const last = batch.messages.at(-1)?.position ?? 0;
    if (this.closed || last <= this.sent) return;
    if (this.held) {
      for (const message of batch.messages) if (message.position > this.sent) this.hold(message);
      return;
    }
    // Nearly always so: the whole batch is new and wanted, its one buffer goes as it is.
    const whole = this.consultationId === undefined && batch.messages[0].position > this.sent;
    const frame = whole ? batch.frame : this.framesOf(batch.messages);
    this.sent = last;
    if (frame) this.send(frame);
  }

  fail(): void {
    this.end('end');
  }

  /** Ends the stream and leaves the hub; safe to call more than once. */
  close(): void {
    this.end('end');
  }

  /** `destroy` drops what the client has not read yet (a client that stopped reading). */
  private end(how: 'end' | 'destroy'): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.hub.detach(this);
    if (this.running && how === 'destroy') this.sink.destroy();
    else if (this.running) this.sink.end();
    this.onClose();
  }

  /** Reads pages after the last position sent until one ends the store with nothing dropped meanwhile. */
  private async catchUp(): Promise<void> {
    for (;;) {
      const drops = this.drops;
      const page = await this.hub.readPage(this.sent, this.options.pageSize);
      for (const message of page.messages) {
        if (this.closed) return;
        if (this.consultationId !== undefined && message.consultationId !== this.consultationId) continue;
        if (!this.sink.write(message.frame)) await this.drained();
      }
      this.sent = Math.max(this.sent, page.last);
      if (this.closed || (page.count < this.options.pageSize && drops === this.drops)) return;
    }
  }

  /** The frames of the messages this client has not been sent and asked for, joined; undefined when none. */
  private framesOf(messages: readonly LiveMessage[]): Buffer | undefined {
    const wanted = messages.filter((m) => m.position > this.sent && (this.consultationId === undefined || m.consultationId === this.consultationId));
    return wanted.length === 0 ? undefined : liveBatch(wanted).frame;
  }

  private hold(message: LiveMessage): void {
    this.held!.push(message);
    // The store has every held event: past the limit they are read from it again.
    if (this.held!.length > this.options.maxHeldMessages) {
      this.held = [];
      this.drops += 1;
    }
  }

  /**
   * Writes live bytes, and cuts off a client that has stopped reading: checked after the write,
   * since one batch may carry many events and no further write may come for a while.
   */
  private send(frame: string | Buffer): void {
    if (this.closed) return;
    this.sink.write(frame);
    if (this.sink.writableLength > this.options.maxBufferedBytes) this.end('destroy');
  }

  private drained(): Promise<void> {
    return new Promise((resume) => {
      const done = (): void => {
        this.sink.off('drain', done);
        this.sink.off('close', done);
        resume();
      };
      this.sink.once('drain', done);
      this.sink.once('close', done);
    });
  }
}
