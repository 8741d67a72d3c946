import { Module } from '@nestjs/common';

import { MailModule } from '@sdilna/api/util-mail';

import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** The API side: each person's notification list and preferences. */
@Module({
  imports: [MailModule],
  controllers: [NotificationsController],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
