import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@consult/config';
import { EventStore, openEventStore } from '@consult/event-store';

/** Opens the configured adapter; a failure names the store so start-up can say what is wrong. */
export async function openConfiguredEventStore(config: AppConfig): Promise<EventStore> {
  try {
    return await openEventStore({
      kind: config.eventStore,
      sqlitePath: config.sqlitePath,
      databaseUrl: config.databaseUrl,
      databaseSchema: config.databaseSchema,
      kurrentdbUrl: config.kurrentdbUrl,
      // A server has requests to serve while SQLite fsyncs: commit off the event loop.
      sqliteWriterThread: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not open the ${config.eventStore} event store: ${reason}`, { cause: error });
  }
}

/** Closes the store when the application shuts down (needs `enableShutdownHooks()` for signals). */
@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('EventStore');

  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.logger.log(`${this.store.kind} event store closed`);
  }
}

/** Provides the `EventStore` port (the abstract class is the token) for the configured adapter. */
@Global()
@Module({
  providers: [
    { provide: EventStore, useFactory: openConfiguredEventStore, inject: [AppConfig] },
    EventStoreCloser,
  ],
  exports: [EventStore],
})
export class EventStoreModule {}
