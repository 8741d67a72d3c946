import { Module } from '@nestjs/common';

import { SettlementDataModule } from '@sdilna/api/data-access-settlement';
import { MailModule } from '@sdilna/api/util-mail';

import { ReminderSchedule } from './jobs/reminder-schedule';
import { SendRemindersHandler } from './jobs/send-reminders.handler';

/** The worker side of payments: the daily reminder schedule and its handler. */
@Module({
  imports: [SettlementDataModule, MailModule],
  providers: [SendRemindersHandler, ReminderSchedule],
})
export class PaymentsWorkerModule {}
