import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { LiveSink } from './live-connection';

const CRLF = Buffer.from('\r\n');

/** The last frame framed as a chunk: a fan-out writes one buffer to every socket in turn, so one entry serves them all. */
let lastFrame: Buffer | undefined;
let lastChunk: Buffer | undefined;

/** `frame` as one HTTP/1.1 chunk (size in hex, CRLF, bytes, CRLF), in one buffer. */
export function httpChunk(frame: Buffer): Buffer {
  if (frame !== lastFrame) {
    lastChunk = Buffer.concat([Buffer.from(`${frame.length.toString(16)}\r\n`), frame, CRLF]);
    lastFrame = frame;
  }
  return lastChunk!;
}

/**
 * A streaming response as a `LiveSink` whose writes go straight to its socket, each as one
 * HTTP/1.1 chunk built once for all the clients it goes to. `ServerResponse.write` frames every
 * write as three buffers, corks the socket and sends them with `writev` on the next tick: for a
 * thousand clients that is most of a fan-out's JavaScript. The first write goes through the
 * response (it carries the headers), and so does every write while the response is not its
 * socket's current message (a pipelined request before it still answering), so bytes keep their order.
 */
export class SocketSink implements LiveSink {
  /** Whether the response has written to its own socket (headers included). */
  private started = false;

  constructor(private readonly response: ServerResponse) {}

  write(chunk: string | Buffer): boolean {
    const socket = this.current();
    if (!socket || !this.started) {
      this.started = socket !== undefined;
      return this.response.write(chunk);
    }
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    return socket.write(this.response.chunkedEncoding ? httpChunk(bytes) : bytes);
  }

  /** The response's own buffer and its socket's. */
  get writableLength(): number {
    return this.response.writableLength;
  }

  end(): void {
    this.response.end();
  }

  destroy(): void {
    this.response.destroy();
  }

  /** `drain` is the socket's (the response only relays it after its own writes); `close` the response's. */
  once(event: 'drain' | 'close', listener: () => void): unknown {
    const socket = this.response.socket;
    return event === 'drain' && socket ? socket.once(event, listener) : this.response.once(event, listener);
  }

  off(event: 'drain' | 'close', listener: () => void): unknown {
    this.response.socket?.off(event, listener);
    return this.response.off(event, listener);
  }

  /** The socket, while this response is the message it is writing (Node's `_httpMessage`) and has not ended. */
  private current(): Socket | undefined {
    const socket = this.response.socket;
    const current = socket && (socket as Socket & { _httpMessage?: unknown })._httpMessage === this.response;
    return current && !this.response.writableEnded ? socket : undefined;
  }
}
