import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
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
    private readonly dataSource: DataSource,
    private readonly database: TenantDatabase,
    private readonly runs: SettlementStore,
    private readonly jobs: SettlementJobs,
  ) {}

  async handle(payload: JobPayloads['settlements.prepare-monthly']): Promise<{ prepared: string[] }> {
    const now = Date.parse(payload.requestedAt);
    const month = monthPeriod(previousMonth(Number.isNaN(now) ? Date.now() : now));
    const communities = (await this.dataSource.query(`SELECT communities_with_readings() AS id`)) as Array<{
      id: string;
    }>;
    const prepared: string[] = [];
    for (const { id } of communities) {
      const run = await this.database.run(id, async (manager) => {
        await this.runs.lockPeriod(manager, id, month.period);
        if (await this.runs.findByPeriod(manager, id, month.period)) return undefined;
        const [state] = (await manager.query(
          `SELECT count(*) FILTER (WHERE preliminary = 0 AND partial = 0 AND missing = 0 AND complete > 0)::int AS final_days
             FROM completeness_checks WHERE community_id = $1 AND day BETWEEN $2::date AND $3::date`,
          [id, month.from, month.to],
        )) as Array<{ final_days: number }>;
        const days = Number(month.to.slice(8, 10));
        if ((state?.final_days ?? 0) < days) return undefined;
        return this.runs.create(manager, id, { ...month, requestedBy: null, reason: 'schedule' });
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
