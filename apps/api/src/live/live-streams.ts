import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ConfigError } from '@consult/config';
import { EventStore } from '@consult/event-store';
import { MetricsService } from '@consult/observability';
import { ConnectionLimiter, DEFAULT_LIVE_OPTIONS, LiveConnection, LiveConnectionOptions, LiveHub, LiveSink } from '@consult/web';

/** Open streams one client (a token's subject, else an address) may hold at once. */
export const STREAMS_PER_CLIENT = 10;
/** Heartbeat interval override, for tests and for proxies that time out sooner than 15 s. */
export const HEARTBEAT_ENV = 'CONSULT_SSE_HEARTBEAT_MS';

/**
 * The process's live streams: one hub (one store subscription), the per-client cap, and every
 * open connection, ended before the HTTP server closes (it would wait for them forever).
 * `/metrics` shows `consult_sse_clients` and `consult_sse_store_subscriptions`.
 */
@Injectable()
export class LiveStreams implements OnModuleDestroy {
  readonly hub: LiveHub;
  readonly limiter = new ConnectionLimiter(STREAMS_PER_CLIENT);
  readonly options: LiveConnectionOptions = { ...DEFAULT_LIVE_OPTIONS, heartbeatMs: heartbeatMs(process.env[HEARTBEAT_ENV]) };
  private readonly connections = new Set<LiveConnection>();

  constructor(@Inject(EventStore) store: EventStore, @Inject(MetricsService) metrics: MetricsService) {
    this.hub = new LiveHub(store);
    const hub = this.hub;
    new Gauge({
      name: 'consult_sse_clients', help: 'Clients of the live event stream (GET /api/events/stream) in this process', registers: [metrics.registry],
      collect() { this.set(hub.clients); },
    });
    new Gauge({
      name: 'consult_sse_store_subscriptions', help: 'Event store subscriptions feeding the live stream (1 while any client is there)', registers: [metrics.registry],
      collect() { this.set(hub.storeSubscriptions); },
    });
  }

  /** A connection for one client, counted against its cap (throws `TooManyStreams` past it). */
  connect(client: string, sink: LiveSink, consultationId: string | undefined): LiveConnection {
    const release = this.limiter.acquire(client);
    const connection: LiveConnection = new LiveConnection(this.hub, sink, consultationId, this.options, () => {
      release();
      this.connections.delete(connection);
    });
    this.connections.add(connection);
    return connection;
  }

  onModuleDestroy(): void {
    for (const connection of [...this.connections]) connection.close();
  }
}

/** `CONSULT_SSE_HEARTBEAT_MS`: 100 ms to 10 minutes, default 15 s. */
export function heartbeatMs(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_LIVE_OPTIONS.heartbeatMs;
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 100 || ms > 600_000) {
    throw new ConfigError(HEARTBEAT_ENV, `${HEARTBEAT_ENV} must be a whole number of milliseconds from 100 to 600000 (got "${value}")`);
  }
  return ms;
}
