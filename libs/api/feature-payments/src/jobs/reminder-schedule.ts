import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { JobProducer } from '@sdilna/api/util-jobs';

export const SEND_REMINDERS_SCHEDULER_ID = 'payments.send-reminders';

/** Upserted at every worker start: once a day at 9:00 Prague time, when a reminder is read the same morning. */
@Injectable()
export class ReminderSchedule implements OnApplicationBootstrap {
  constructor(private readonly jobs: JobProducer) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs
      .queue('settlements')
      .upsertJobScheduler(
        SEND_REMINDERS_SCHEDULER_ID,
        { pattern: '0 0 9 * * *', tz: 'Europe/Prague' },
        { name: 'payments.send-reminders', data: { requestedAt: '' } },
      );
  }
}
