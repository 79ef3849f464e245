import type { EventStore } from '@consult/event-store';
import type { ProjectionStatus } from '@consult/projections';

/** The read models on `/health`: `degraded` while events are parked; an error without details when unreadable. */
export type ProjectionHealth = (ProjectionStatus & { degraded: boolean }) | { error: string };

/** What `GET /health` answers. */
export interface HealthReport {
  status: 'ok' | 'error';
  eventStore: { kind: string; headPosition?: number; error?: string };
  clock: string;
  version: string;
  projections?: ProjectionHealth;
}

/** What `checkHealth` may also look at, and where it tells the details it keeps from the client. */
export interface HealthOptions {
  timeoutMs?: number;
  /** The read models' status at the store's head position. */
  projections?: (head: number) => Promise<ProjectionStatus>;
  /** Hears the error behind a generic message. */
  log?: (message: string, error: unknown) => void;
}

const PING_TIMEOUT_MS = 2000;
/** What the client sees of a store that failed: the cause may name hosts, users or SQL. */
export const STORE_UNAVAILABLE = 'event store unavailable';
export const READ_MODELS_UNAVAILABLE = 'read models unavailable';

/** Resolves with `work`'s value, or rejects once `timeoutMs` has passed. */
async function within<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Pings the store (its head position) within a time limit, so a hung store reads as down,
 * then the read models' checkpoint and parked events. Errors reach the client as a
 * generic message; their details go to `log`.
 */
export async function checkHealth(
  store: Pick<EventStore, 'kind' | 'headPosition'>,
  about: { clock: string; version: string },
  options: HealthOptions = {},
): Promise<HealthReport> {
  const { timeoutMs = PING_TIMEOUT_MS, log = () => undefined } = options;
  let headPosition: number;
  try {
    headPosition = await within(store.headPosition(), timeoutMs);
  } catch (error) {
    log(`health: the ${store.kind} event store did not answer`, error);
    return { status: 'error', eventStore: { kind: store.kind, error: STORE_UNAVAILABLE }, ...about };
  }
  const report: HealthReport = { status: 'ok', eventStore: { kind: store.kind, headPosition }, ...about };
  if (options.projections) report.projections = await projectionHealth(options.projections, headPosition, timeoutMs, log);
  return report;
}

async function projectionHealth(
  status: (head: number) => Promise<ProjectionStatus>,
  head: number,
  timeoutMs: number,
  log: (message: string, error: unknown) => void,
): Promise<ProjectionHealth> {
  try {
    const projections = await within(status(head), timeoutMs);
    return { ...projections, degraded: projections.parked > 0 };
  } catch (error) {
    log('health: the read models did not answer', error);
    return { error: READ_MODELS_UNAVAILABLE };
  }
}
