import { Injectable, Logger } from '@nestjs/common';
import { CrossTenantStore, TenantDatabase } from '@sdilna/api/data-access-db';
import { SettlementStore } from '@sdilna/api/data-access-settlement';
import { HandlesJob, type JobHandler, type JobPayloads } from '@sdilna/api/util-jobs';

import { monthPeriod, previousMonth } from '../settlement-period';
import { SettlementJobs } from './settlement-jobs';

/**
 * Daily: for every community with data, prepares last month's draft run once its data are complete and final
 * (every day checked complete, nothing preliminary, partial or missing) and mails the administrators.
 * It never approves or finalises.
 */
@Injectable()
@HandlesJob('settlements.prepare-monthly')
export class PrepareMonthlyHandler implements JobHandler<'settlements.prepare-monthly'> {
  private readonly logger = new Logger('PrepareMonthlySettlements');

  constructor(
    private readonly system: CrossTenantStore,
    private readonly database: TenantDatabase,
    private readonly jobs: SettlementJobs,
  ) {}

  async handle(payload: JobPayloads['settlements.prepare-monthly']): Promise<{ prepared: string[] }> {
    const now = Date.parse(payload.requestedAt);
    const month = monthPeriod(previousMonth(Number.isNaN(now) ? Date.now() : now));
    const prepared: string[] = [];
    for (const id of await this.system.communitiesWithReadings()) {
      const run = await this.database.run(id, async (tx) => {
        const runs = tx.store(SettlementStore);
        await runs.lockPeriod(month.period);
        if (await runs.findByPeriod(month.period)) return undefined;
        const days = Number(month.to.slice(8, 10));
        if ((await runs.finalDays(month.from, month.to)) < days) return undefined;
        return runs.create({ ...month, requestedBy: null, reason: 'schedule' });
      });
      if (!run) continue;
      await this.jobs.enqueueCompute(id, run.id, run.period, true);
      prepared.push(id);
    }
    if (prepared.length > 0)
      this.logger.log(`Prepared ${month.period} drafts for ${prepared.length} communities`);
    return { prepared };
  }
}
