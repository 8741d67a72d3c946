import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

import { JobProducer } from '@sdilna/api/util-jobs';

export const PREPARE_MONTHLY_SCHEDULER_ID = 'settlements.prepare-monthly';

/**
 * Upserted at every worker start, so the schedule exists exactly once however many workers start. Daily rather
 * than monthly: EDC's final monthly data arrive around the 12th, and the job acts only once a month is complete.
 */
@Injectable()
export class SettlementSchedule implements OnApplicationBootstrap {
  constructor(private readonly jobs: JobProducer) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs
      .queue('settlements')
      .upsertJobScheduler(
        PREPARE_MONTHLY_SCHEDULER_ID,
        { pattern: '0 30 13 * * *', tz: 'Europe/Prague' },
        { name: 'settlements.prepare-monthly', data: { requestedAt: '' } },
      );
  }
}
