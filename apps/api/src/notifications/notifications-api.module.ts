import { Module } from '@nestjs/common';
import { NotificationsModule } from '@consult/notifications';
import { RequestContextFactory } from '../consultations/request-context';
import { NotificationsController } from './notifications.controller';
import { SubscriptionsController } from './subscriptions.controller';

/** `/api/subscriptions` and the in-app feed `/api/notifications` (DESIGN.md "Notifications"). */
@Module({
  imports: [NotificationsModule],
  controllers: [SubscriptionsController, NotificationsController],
  providers: [RequestContextFactory],
})
export class NotificationsApiModule {}
