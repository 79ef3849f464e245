import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@consult/config';
import { Clock } from '@consult/clock';
import { ConsultationCache, consultationReplayer, pageFailedMessage } from '@consult/consultation';
import { EventStore } from '@consult/event-store';
import { Projector } from '@consult/projections';
import { FeedService, NotificationFeed } from '../feed/feed.service';
import { NotificationWriter } from '../infrastructure/notification-writer';
import { TypeormNotificationFeed } from '../infrastructure/typeorm-notification.feed';
import { TypeormSubscriptionRepository } from '../infrastructure/typeorm-subscription.repository';
import { notificationsReactor } from '../notifications.reactor';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { renderNotification } from '../templates/render';
import { subscriptionTokenKey } from '../channels/email/subscription-token';
import { assertWebhookTarget } from '../channels/webhook/webhook-target';
import { webhookMasterSecret, webhookSecret } from '../channels/webhook/webhook-secret';
import { DeliveriesService, DeliveryLog } from '../deliveries/deliveries.service';
import { TypeormDeliveryLog } from '../infrastructure/typeorm-deliveries';
import { SubscriptionLinksService } from '../subscriptions/subscription-links.service';

/**
 * The notifications reactor's own projector: never part of the read models' registry, so a
 * rebuild never writes a notification again. It runs where the background work runs.
 */
export abstract class NotificationsProjector {
  /** Waits (bounded) until every event stored now has been turned into notifications; at once when no reactor runs here. */
  abstract catchUp(): Promise<void>;
}

/**
 * The reactor's live pages gather up to 200 ms of events: it runs on the api's main thread, and
 * a commit (with its fsync on SQLite) every 10 ms held commands up behind it. At 500 commands a
 * second the api's p99 went from 1.0-1.2 s to 80-130 ms, at 1,000 a second from 1.4 s to
 * 180-210 ms (docs/benchmarks.md, session 7). Notices go out at most 200 ms later; a reader
 * waiting on the reactor (`catchUp`) is not held up by it.
 */
const NOTIFICATIONS_BATCH_MS = 200;

/** Starts and stops the reactor with the application (`CONSULT_BACKGROUND=off`: workers run it). */
@Injectable()
export class NotificationsLifecycle extends NotificationsProjector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private projector?: Projector;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NotificationWriter) private readonly writer: NotificationWriter,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.background === 'off') return;
    const onError = (error: unknown) => this.logger.error(pageFailedMessage(error).replace(/^read models/, 'notifications'));
    this.projector = new Projector(
      this.store, this.db, consultationReplayer(this.store), onError, 1000, [notificationsReactor(this.writer)], NOTIFICATIONS_BATCH_MS,
    );
    await this.projector.start();
  }

  /** Before the database closes (ConsultationLifecycle closes it on shutdown): the page in hand is committed first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.projector?.stopped();
  }

  async catchUp(): Promise<void> {
    await this.projector?.catchUp();
  }
}

/** Subscriptions, the notification writer and its reactor, and the in-app feed, wired for Nest (needs ConsultationModule). */
@Module({
  providers: [
    { provide: NotificationWriter, useFactory: () => new NotificationWriter(renderNotification) },
    { provide: SubscriptionRepository, useFactory: (db: DataSource) => new TypeormSubscriptionRepository(db), inject: [DataSource] },
    { provide: NotificationFeed, useFactory: (db: DataSource) => new TypeormNotificationFeed(db), inject: [DataSource] },
    NotificationsLifecycle,
    { provide: NotificationsProjector, useExisting: NotificationsLifecycle },
    {
      provide: SubscriptionsService,
      useFactory: (repository: SubscriptionRepository, cache: ConsultationCache, store: EventStore, clock: Clock, config: AppConfig) => new SubscriptionsService({
        repository,
        consultationMustExist: async (id) => void (await cache.load(id)),
        headPosition: () => store.headPosition(),
        vetWebhookTarget: async (address) => void (await assertWebhookTarget(address, { production: config.production, allowedHosts: config.webhookAllowedHosts })),
        webhookSecret: (id) => webhookSecret(webhookMasterSecret(config.webhookSecret, config.jwtSecret), id),
        now: () => clock.now(),
        newId: randomUUID,
      }),
      inject: [SubscriptionRepository, ConsultationCache, EventStore, Clock, AppConfig],
    },
    {
      provide: SubscriptionLinksService,
      useFactory: (repository: SubscriptionRepository, clock: Clock, config: AppConfig) =>
        new SubscriptionLinksService(repository, subscriptionTokenKey(config.jwtSecret), () => clock.now()),
      inject: [SubscriptionRepository, Clock, AppConfig],
    },
    { provide: DeliveryLog, useFactory: (db: DataSource) => new TypeormDeliveryLog(db), inject: [DataSource] },
    { provide: DeliveriesService, useFactory: (log: DeliveryLog, clock: Clock) => new DeliveriesService(log, () => clock.now()), inject: [DeliveryLog, Clock] },
    {
      provide: FeedService,
      useFactory: (feed: NotificationFeed, clock: Clock, projector: NotificationsProjector) =>
        new FeedService(feed, () => clock.now(), () => projector.catchUp()),
      inject: [NotificationFeed, Clock, NotificationsProjector],
    },
  ],
  exports: [NotificationWriter, SubscriptionsService, SubscriptionLinksService, DeliveriesService, FeedService, NotificationsProjector],
})
export class NotificationsModule {}
