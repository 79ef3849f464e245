import type { EventStore } from '@consult/event-store';

/** What `GET /health` answers. */
export interface HealthReport {
  status: 'ok' | 'error';
  eventStore: { kind: string; headPosition?: number; error?: string };
  clock: string;
  version: string;
}

const PING_TIMEOUT_MS = 2000;

/** Pings the store (its head position) within a time limit, so a hung store reads as down. */
export async function checkHealth(
  store: Pick<EventStore, 'kind' | 'headPosition'>,
  about: { clock: string; version: string },
  timeoutMs = PING_TIMEOUT_MS,
): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const headPosition = await Promise.race([store.headPosition(), timeout]);
    return { status: 'ok', eventStore: { kind: store.kind, headPosition }, ...about };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'error', eventStore: { kind: store.kind, error: message }, ...about };
  } finally {
    clearTimeout(timer);
  }
}
