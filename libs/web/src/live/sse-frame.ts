import type { PublicLiveEvent } from './public-event';

/** A comment line: keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_FRAME = ': heartbeat\n\n';

/**
 * One Server-Sent Events message: `id` the store position (what `Last-Event-ID` brings back),
 * `event` the type, `data` one line of JSON (JSON.stringify escapes every line break, so a
 * text holding `\n\ndata:` cannot forge a message).
 */
export function sseFrame(event: PublicLiveEvent): string {
  const data = JSON.stringify({
    consultationId: event.consultationId, type: event.type, position: event.position, occurredAt: event.occurredAt, data: event.data,
  });
  // U+2028/2029 are line breaks to no SSE parser, but escaping them costs nothing and spares old clients.
  const safe = data.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${safe}\n\n`;
}

/** The first bytes of a stream: tells EventSource how long to wait before reconnecting. */
export const retryFrame = (ms: number): string => `retry: ${ms}\n\n`;
