import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { Checkpointer, type StoredCheckpoint } from '@consult/audit';
import { AppConfig } from '@consult/config';
import { NotificationWriter, WHOLE_LOG, type NotificationInput } from '@consult/notifications';

/** The notification a signed checkpoint becomes: the note itself, for the auditor to keep. */
export function checkpointNotice(checkpoint: StoredCheckpoint): NotificationInput {
  const origin = checkpoint.note.split('\n')[0];
  return {
    content: {
      type: 'audit.checkpoint',
      params: { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash.toString('base64'), origin, issuedAt: checkpoint.issuedAt, note: checkpoint.note },
    },
    consultation: { ...WHOLE_LOG, title: { en: origin } },
    sourceKey: `checkpoint:${checkpoint.treeSize}`,
    occurredAt: checkpoint.issuedAt,
  };
}

/**
 * Tells the subscriptions that asked for `audit.checkpoint` of each signed checkpoint this
 * process issues, where the background work runs. A checkpoint of a size already told is
 * written once (the source is the tree size), whichever process issued it.
 */
@Injectable()
export class CheckpointNotices implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private subscription?: Subscription;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NotificationWriter) private readonly writer: NotificationWriter,
    @Optional() @Inject(Checkpointer) private readonly checkpointer?: Checkpointer,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.background === 'off' || !this.checkpointer) return;
    this.subscription = this.checkpointer.issued.subscribe((checkpoint) => void this.tell(checkpoint));
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  private async tell(checkpoint: StoredCheckpoint): Promise<void> {
    try {
      await this.db.transaction((manager) => this.writer.write(manager, [checkpointNotice(checkpoint)], checkpoint.issuedAt));
    } catch (error) {
      this.logger.error(`telling subscribers of checkpoint ${checkpoint.treeSize} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
