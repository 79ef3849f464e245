import { EventStore } from './event-store.port';

export type EventStoreKind = 'sqlite' | 'postgres' | 'kurrentdb';

export interface EventStoreConfig {
  kind: EventStoreKind;
  sqlitePath: string;
  databaseUrl?: string;
  /** PostgreSQL schema (default `public`). */
  databaseSchema?: string;
  kurrentdbUrl?: string;
  /** SQLite: commit in a writer thread, for servers, whose event loop has requests to serve during an fsync. */
  sqliteWriterThread?: boolean;
}

/** Opens the configured adapter; the drivers of the others are never loaded. */
export async function openEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite': {
      const { SqliteEventStore } = await import('./adapters/sqlite.event-store');
      return SqliteEventStore.open({ path: config.sqlitePath, writerThread: config.sqliteWriterThread });
    }
    case 'postgres': {
      if (!config.databaseUrl) throw new Error('CONSULT_DATABASE_URL is required when CONSULT_EVENT_STORE=postgres');
      const { PostgresEventStore } = await import('./adapters/postgres.event-store');
      return PostgresEventStore.open({ connectionString: config.databaseUrl, schema: config.databaseSchema });
    }
    case 'kurrentdb': {
      if (!config.kurrentdbUrl) throw new Error('CONSULT_KURRENTDB_URL is required when CONSULT_EVENT_STORE=kurrentdb');
      const { KurrentDbEventStore } = await import('./adapters/kurrentdb.event-store');
      return KurrentDbEventStore.open({ connectionString: config.kurrentdbUrl });
    }
  }
}
