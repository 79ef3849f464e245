import { BeforeApplicationShutdown, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@consult/config';
import { Clock } from '@consult/clock';
import { ReadModelProjector } from '@consult/consultation';
import { DeadlineScheduler, DueReminder, ReminderScheduler } from '@consult/deadlines';
import {
  DeliveryChannels, DeliveryDispatcher, EmailChannel, NotificationInput, NotificationWriter, NotificationsModule, NotificationsProjector,
  WebhookChannel, reminderContent, renderNotification, subscriptionTokenKey, webhookMasterSecret,
} from '@consult/notifications';
import { BackgroundWork, SentReminderReport } from '../background-work';
import { CheckpointNotices } from './checkpoint-notices';

/** The injection token of the channels this process delivers through. */
export const DELIVERY_CHANNELS = Symbol('DELIVERY_CHANNELS');

/** After this long past its due time a reminder sent on the system clock says it is late. */
export const LATE_AFTER_MS = 60_000;
/** How often the system clock's background work looks for what fell due. */
const TICK_MS = 1000;

const earliest = (times: (string | null)[]): string | null =>
  times.filter((t): t is string => t !== null).sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;

/** The in-app (and outbox) notification a due reminder becomes. */
function reminderInput(due: DueReminder): NotificationInput {
  return {
    // The phase's or meeting's own name, which each language's text puts in its own words.
    content: reminderContent({ ...due, targetTitle: due.targetName }),
    consultation: due.consultation,
    sourceKey: due.id,
    occurredAt: due.dueAt,
  };
}

const reported = (due: DueReminder): SentReminderReport => ({
  id: due.id, consultationId: due.consultation.id, targetKey: due.targetKey, offset: due.offset, dueAt: due.dueAt, late: due.late,
});

/** E-mail when CONSULT_SMTP_URL is set (deliveries wait, and say why, until it is), webhooks always. */
function deliveryChannels(config: AppConfig): DeliveryChannels {
  const email = config.smtpUrl
    ? new EmailChannel({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, publicUrl: config.publicUrl, tokenKey: subscriptionTokenKey(config.jwtSecret) })
    : undefined;
  const webhook = new WebhookChannel({
    masterSecret: webhookMasterSecret(config.webhookSecret, config.jwtSecret), production: config.production, allowedHosts: config.webhookAllowedHosts,
  });
  return { email, webhook };
}

function backgroundWork(
  clock: Clock, deadlines: DeadlineScheduler, projector: ReadModelProjector, reminders: ReminderScheduler,
  writer: NotificationWriter, notifications: NotificationsProjector, dispatcher: DeliveryDispatcher,
): BackgroundWork {
  // A manual clock jumps: nothing it steps through is late.
  const lateAfterMs = clock.kind === 'manual' ? Number.POSITIVE_INFINITY : LATE_AFTER_MS;
  return new BackgroundWork({
    clock,
    readModelsCaughtUp: async () => void (await projector.catchUp()),
    sendReminders: async (at) => {
      const sent = await reminders.runDue(at, { lateAfterMs }, async (manager, due) => {
        await writer.write(manager, due.map(reminderInput), clock.kind === 'manual' ? at : clock.now().toISOString());
      });
      return sent.map(reported);
    },
    fireDeadlines: (at) => deadlines.runDue(true, at),
    nextDueAt: async () => earliest(await Promise.all([reminders.nextDueAt(), deadlines.nextDueAt(), dispatcher.nextDueAt()])),
    notificationsCaughtUp: () => notifications.catchUp(),
    deliver: (at) => dispatcher.runDue(at),
  });
}

/** A job run every second, one at a time: a run still going when the next second comes is not doubled. */
class Ticker {
  private timer?: NodeJS.Timeout;
  private busy = false;
  private current: Promise<void> = Promise.resolve();

  constructor(private readonly job: () => Promise<void>) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
    this.tick(); // what fell due while everything was down, at once
  }

  /** No new run; resolves when the one in hand has finished (its transactions committed or rolled back). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.current;
  }

  private tick(): void {
    if (this.busy) return;
    this.busy = true;
    this.current = this.job().finally(() => {
      this.busy = false;
    });
  }
}

/**
 * On the system clock, where `CONSULT_BACKGROUND=on`, runs every second what fell due
 * (reminders, deadlines) and, on a loop of its own, the outbox: a slow receiver never holds up
 * a deadline.
 */
@Injectable()
export class BackgroundLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Background');
  private readonly loops = [new Ticker(() => this.runDue()), new Ticker(() => this.deliver())];

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(BackgroundWork) private readonly work: BackgroundWork,
    @Inject(DELIVERY_CHANNELS) private readonly channels: DeliveryChannels,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.background === 'off' || this.clock.kind !== 'system') return;
    for (const loop of this.loops) loop.start();
  }

  /** Before the database closes: no new run, and those in hand finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }

  onApplicationShutdown(): void {
    (this.channels.email as EmailChannel | undefined)?.close();
  }

  private async runDue(): Promise<void> {
    try {
      const { fired, reminders } = await this.work.runDue();
      for (const f of fired) this.logger.log(`${f.consultationId}: ${f.kind} ${f.key} → ${f.event}`);
      if (reminders.length > 0) this.logger.log(`${reminders.length} reminder(s) sent (${reminders.filter((r) => r.late).length} late)`);
    } catch (error) {
      this.logger.error(`background work failed (retried next second): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async deliver(): Promise<void> {
    try {
      const { accepted, retried, dead, cancelled } = await this.work.deliverDue();
      if (accepted + retried + dead + cancelled > 0) this.logger.log(`deliveries: ${accepted} accepted, ${retried} to retry, ${dead} dead, ${cancelled} cancelled`);
    } catch (error) {
      this.logger.error(`sending the outbox failed (retried next second): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * Deadlines, reminders and notifications driven by the clock. The api and the worker import
 * it alike; `CONSULT_BACKGROUND` decides whether this process runs the timer (and the
 * notifications reactor, in NotificationsModule). `PUT /api/clock` runs it on the manual clock.
 */
@Global()
@Module({
  imports: [NotificationsModule],
  providers: [
    { provide: ReminderScheduler, useFactory: (db: DataSource) => new ReminderScheduler(db), inject: [DataSource] },
    { provide: DELIVERY_CHANNELS, useFactory: deliveryChannels, inject: [AppConfig] },
    {
      provide: DeliveryDispatcher,
      useFactory: (db: DataSource, channels: DeliveryChannels) => new DeliveryDispatcher(db, channels, renderNotification),
      inject: [DataSource, DELIVERY_CHANNELS],
    },
    {
      provide: BackgroundWork,
      useFactory: backgroundWork,
      inject: [Clock, DeadlineScheduler, ReadModelProjector, ReminderScheduler, NotificationWriter, NotificationsProjector, DeliveryDispatcher],
    },
    BackgroundLifecycle,
    CheckpointNotices,
  ],
  exports: [BackgroundWork, NotificationsModule],
})
export class BackgroundModule {}
