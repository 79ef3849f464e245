import { Module } from '@nestjs/common';
import { NotificationsModule } from '@consult/notifications';
import { RequestContextFactory } from '../consultations/request-context';
import { DeliveriesController } from './deliveries.controller';
import { NotificationsController } from './notifications.controller';
import { SubscriptionLinksController } from './subscription-links.controller';
import { SubscriptionsController } from './subscriptions.controller';

/** `/api/subscriptions` (and the links e-mails carry), the in-app feed `/api/notifications` and `/api/deliveries` (DESIGN.md "Notifications"). */
@Module({
  imports: [NotificationsModule],
  controllers: [SubscriptionsController, SubscriptionLinksController, NotificationsController, DeliveriesController],
  providers: [RequestContextFactory],
})
export class NotificationsApiModule {}
