import { BeforeApplicationShutdown, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@consult/config';
import { EventStore } from '@consult/event-store';
import { errorStatusTable } from '@consult/http';
import { AuditLogService } from '../audit-log.service';
import { CheckpointStore } from '../checkpoint/checkpoint.store';
import { Checkpointer } from '../checkpoint/checkpointer';
import { originFor } from '../checkpoint/signed-note';
import { loadSigningKey } from '../checkpoint/signing-key';
import { MerkleLog } from '../log/merkle-log';
import { MerkleLogFollower } from '../log/merkle-log.follower';
import { MerkleNodeStore } from '../log/merkle-node.store';
import { storeGrower } from '../log/tree-grower';
import { openAuditLogDatabase } from './audit-log.datasource';
import { MerkleTreeThread } from './merkle-tree.thread';
import { TypeormCheckpointStore } from './typeorm.checkpoint.store';
import { TypeormMerkleNodeStore } from './typeorm.merkle-node.store';

errorStatusTable.register({ 'AUDIT.REQUEST_INVALID': 400, 'AUDIT.EVENT_NOT_FOUND': 404 });

/** The injection token of the audit log's own connection to the read-model database. */
export const AUDIT_LOG_DATABASE = Symbol('AUDIT_LOG_DATABASE');

/** Starts the tree's follower and the checkpoint cadence; stops them before the store closes. */
@Injectable()
export class AuditLogLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(MerkleLogFollower) private readonly follower: MerkleLogFollower,
    @Inject(Checkpointer) private readonly checkpointer: Checkpointer,
    @Inject(AUDIT_LOG_DATABASE) private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.checkpointer.start();
    await this.follower.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.follower.stop();
    this.checkpointer.stop();
    if (this.db.isInitialized) await this.db.destroy();
  }
}

/**
 * The follower grows the tree on a thread of its own whenever it can (as the projector
 * does): an in-memory SQLite database cannot be shared with another thread, and KurrentDB's
 * gRPC client has not been tried in one, so there it grows it on this thread.
 */
function followerOf(config: AppConfig, store: EventStore, log: MerkleLog, checkpointer: Checkpointer): MerkleLogFollower {
  const logger = new Logger('AuditLog');
  const inMemory = config.eventStore === 'sqlite' && config.sqlitePath === ':memory:';
  const failed = (error: unknown) => logger.error(`growing the audit tree failed (retrying): ${error instanceof Error ? error.message : String(error)}`);
  const grower = inMemory || config.eventStore === 'kurrentdb' ? undefined : new MerkleTreeThread({
    store: { kind: config.eventStore, sqlitePath: config.sqlitePath, databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema },
    audit: { databaseUrl: config.databaseUrl, schema: config.databaseSchema, sqlitePath: config.sqlitePath },
  }, storeGrower(store, log), failed);
  return new MerkleLogFollower(store, log, (size) => checkpointer.treeGrew(size), failed, undefined, grower);
}

/** The Merkle log of every event, its signed checkpoints and proofs (DESIGN.md "Audit"). */
@Global()
@Module({
  providers: [
    {
      provide: AUDIT_LOG_DATABASE,
      // After the event store and the read models: each may create the PostgreSQL schema, and CREATE SCHEMA races.
      useFactory: (config: AppConfig) => openAuditLogDatabase({ databaseUrl: config.databaseUrl, schema: config.databaseSchema, sqlitePath: config.sqlitePath }),
      inject: [AppConfig, EventStore, { token: DataSource, optional: true }],
    },
    { provide: MerkleNodeStore, useFactory: (db: DataSource) => new TypeormMerkleNodeStore(db), inject: [AUDIT_LOG_DATABASE] },
    { provide: CheckpointStore, useFactory: (db: DataSource) => new TypeormCheckpointStore(db), inject: [AUDIT_LOG_DATABASE] },
    { provide: MerkleLog, useFactory: (nodes: MerkleNodeStore) => new MerkleLog(nodes), inject: [MerkleNodeStore] },
    {
      provide: Checkpointer,
      useFactory: (config: AppConfig, log: MerkleLog, checkpoints: CheckpointStore) => new Checkpointer(
        log, checkpoints, loadSigningKey({ signingKey: config.signingKey, sqlitePath: config.sqlitePath, production: config.production }),
        originFor(config.publicUrl), { every: config.checkpointEvery, minutes: config.checkpointMinutes },
      ),
      inject: [AppConfig, MerkleLog, CheckpointStore],
    },
    { provide: MerkleLogFollower, useFactory: followerOf, inject: [AppConfig, EventStore, MerkleLog, Checkpointer] },
    {
      provide: AuditLogService,
      useFactory: (store: EventStore, log: MerkleLog, follower: MerkleLogFollower, checkpointer: Checkpointer) =>
        new AuditLogService(store, log, follower, checkpointer),
      inject: [EventStore, MerkleLog, MerkleLogFollower, Checkpointer],
    },
    AuditLogLifecycle,
  ],
  exports: [AuditLogService, Checkpointer, MerkleLog],
})
export class AuditLogModule {}
