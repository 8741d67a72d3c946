import { Injectable, Logger } from '@nestjs/common';
import { CrossTenantStore, TenantDatabase } from '@sdilna/api/data-access-db';
import { SettlementStore } from '@sdilna/api/data-access-settlement';
import { AlertsStore, dataGapAlerts, isMonthDue } from '@sdilna/api/feature-notifications';
import { HandlesJob, type JobHandler, type JobPayloads } from '@sdilna/api/util-jobs';
import { pragueDateOf } from '@sdilna/shared/domain-core';

import { monthPeriod, previousMonth } from '../settlement-period';
import { SettlementJobs } from './settlement-jobs';

/**
 * Daily: for every community with data, prepares last month's draft run once its data are complete and final
 * (every day checked complete, nothing preliminary, partial or missing) and mails the administrators.
 * It never approves or finalises. A month still incomplete `DATA_GAP_GRACE_DAYS` after its end is not skipped
 * silently: it raises the data-gap alert of each incomplete point (once per point and month).
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

  async handle(
    payload: JobPayloads['settlements.prepare-monthly'],
  ): Promise<{ prepared: string[]; dataGaps: string[] }> {
    const requested = Date.parse(payload.requestedAt);
    const now = Number.isNaN(requested) ? Date.now() : requested;
    const month = monthPeriod(previousMonth(now));
    const due = isMonthDue(month.period, pragueDateOf(now));
    const prepared: string[] = [];
    const dataGaps: string[] = [];
    for (const id of await this.system.communitiesWithReadings()) {
      const run = await this.database.run(id, async (tx) => {
        const runs = tx.store(SettlementStore);
        await runs.lockPeriod(month.period);
        if (await runs.findByPeriod(month.period)) return undefined;
        const days = Number(month.to.slice(8, 10));
        if ((await runs.finalDays(month.from, month.to)) < days) {
          if (due && (await tx.store(AlertsStore).raise(await dataGapAlerts(tx, month.period))).length > 0)
            dataGaps.push(id);
          return undefined;
        }
        return runs.create({ ...month, requestedBy: null, reason: 'schedule' });
      });
      if (!run) continue;
      await this.jobs.enqueueCompute(id, run.id, run.period, true);
      prepared.push(id);
    }
    if (prepared.length > 0)
      this.logger.log(`Prepared ${month.period} drafts for ${prepared.length} communities`);
    if (dataGaps.length > 0)
      this.logger.warn(
        `${month.period} is incomplete in ${dataGaps.length} communities: data-gap alerts raised`,
      );
    return { prepared, dataGaps };
  }
}
