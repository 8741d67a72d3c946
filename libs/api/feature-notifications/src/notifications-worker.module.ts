import { Module } from '@nestjs/common';

import { MailModule } from '@sdilna/api/util-mail';

import {
  ScanAlertsHandler,
  SendDigestsHandler,
  SendNotificationsHandler,
} from './jobs/notification-jobs.handler';
import { NotificationsService } from './notifications.service';

/**
 * The worker side: the hourly alert scan, the mails per event and the daily digest. The payments feature plugs
 * its overdue documents in by providing `OVERDUE_PAYMENTS` (alert-sources.ts); without it none is overdue.
 */
@Module({
  imports: [MailModule],
  providers: [NotificationsService, ScanAlertsHandler, SendNotificationsHandler, SendDigestsHandler],
  exports: [NotificationsService],
})
export class NotificationsWorkerModule {}
