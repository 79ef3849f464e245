import { Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@consult/config';
import { Clock, ManualClock, SystemClock } from '@consult/clock';
import { TokenService } from '@consult/auth';
import { EventStore } from '@consult/event-store';
import { errorStatusTable } from '@consult/http';
import { ContributionsExistQuery, openReadModels } from '@consult/projections';
import { AuditService } from '../audit.service';
import { ConsultationCache } from '../consultation-cache';
import { ConsultationsService } from '../consultations.service';
import { ContributionsService, contributionsMustExist } from '../contributions.service';
import { DeadlineScheduler } from '@consult/deadlines';
import { dueConsultationsIn, nextDeadlineIn } from './due-consultations.query';
import { ProjectorThread } from '../projector-thread';
import { ReadModelProjector, consultationProjector, pageFailedMessage } from '../read-model-projector';

errorStatusTable.register({
  'CONSULTATION.INVALID_COMMAND': 400,
  'CONSULTATION.UNKNOWN_COMMAND': 400,
  'CONSULTATION.IDEMPOTENCY_KEY_REUSED': 422,
  'CONSULTATION.UNKNOWN_WORKFLOW': 400,
  'CONSULTATION.EVENT_REFUSED': 500,
  'CONSULTATION.HISTORY_TAMPERED': 409,
});

/** Starts the read models' projector with the application, and stops it. */
@Injectable()
export class ConsultationLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(ReadModelProjector) private readonly projector: ReadModelProjector,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
    if (this.db.isInitialized) await this.db.destroy();
  }
}

/**
 * The projector runs on its own thread, with its own connections, whenever it can: it
 * then costs the thread serving requests nothing. An in-memory SQLite database cannot
 * be shared with another thread, so there it runs on this one; so it does on KurrentDB,
 * whose gRPC client has not been tried in a worker thread yet.
 */
function readModelProjector(config: AppConfig, store: EventStore, db: DataSource): ReadModelProjector {
  const logger = new Logger('Projector');
  const inMemory = config.eventStore === 'sqlite' && config.sqlitePath === ':memory:';
  if (inMemory || config.eventStore === 'kurrentdb') return consultationProjector(store, db, (error) => logger.error(pageFailedMessage(error)));
  return new ProjectorThread({
    store: { kind: config.eventStore, sqlitePath: config.sqlitePath, databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema },
    readModels: { databaseUrl: config.databaseUrl, schema: config.databaseSchema, sqlitePath: config.sqlitePath },
  }, (message) => logger.error(message));
}

/** Consultations, contributions, audit, read models and deadlines, wired for Nest. */
@Global()
@Module({
  providers: [
    { provide: Clock, useFactory: (config: AppConfig) => (config.clock === 'manual' ? new ManualClock() : new SystemClock()), inject: [AppConfig] },
    { provide: TokenService, useFactory: (config: AppConfig) => new TokenService(config.jwtSecret), inject: [AppConfig] },
    {
      provide: DataSource,
      // After the event store: both may create the PostgreSQL schema, and CREATE SCHEMA races.
      useFactory: (config: AppConfig, _store: EventStore) => openReadModels({
        databaseUrl: config.databaseUrl,
        schema: config.databaseSchema,
        sqlitePath: config.sqlitePath,
      }),
      inject: [AppConfig, EventStore],
    },
    { provide: ConsultationCache, useFactory: (store: EventStore) => new ConsultationCache(store), inject: [EventStore] },
    { provide: ReadModelProjector, useFactory: readModelProjector, inject: [AppConfig, EventStore, DataSource] },
    {
      provide: ContributionsService,
      useFactory: (store: EventStore, clock: Clock, cache: ConsultationCache) => new ContributionsService(store, clock, cache),
      inject: [EventStore, Clock, ConsultationCache],
    },
    {
      provide: ConsultationsService,
      useFactory: (store: EventStore, clock: Clock, cache: ConsultationCache, db: DataSource, projector: ReadModelProjector) =>
        new ConsultationsService(store, clock, cache, contributionsMustExist(new ContributionsExistQuery(db, projector))),
      inject: [EventStore, Clock, ConsultationCache, DataSource, ReadModelProjector],
    },
    { provide: AuditService, useFactory: (store: EventStore) => new AuditService(store), inject: [EventStore] },
    {
      provide: DeadlineScheduler,
      useFactory: (clock: Clock, consultations: ConsultationsService, db: DataSource, projector: ReadModelProjector) =>
        new DeadlineScheduler(clock, consultations, dueConsultationsIn(db), projector, nextDeadlineIn(db)),
      inject: [Clock, ConsultationsService, DataSource, ReadModelProjector],
    },
    ConsultationLifecycle,
  ],
  exports: [Clock, TokenService, DataSource, ConsultationCache, ReadModelProjector, ConsultationsService, ContributionsService, AuditService, DeadlineScheduler],
})
export class ConsultationModule {}
