import { Injectable, Logger } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { staleRanges, StaleMonthsStore } from '@sdilna/api/data-access-registry';
import { HandlesJob, JobHandler, JobPayloads } from '@sdilna/api/util-jobs';

import { RecomputeRunner } from './recompute-runner';

/** Rounds of "read the marks, recompute them" in one job; a change during a round is caught by the next. */
const MAX_ROUNDS = 5;

/**
 * Drains `stale_months` (issue 17, item 2): recomputes the stale days of every marked month, of any age, one
 * contiguous range per recompute, and nothing else. The recompute removes the marks it saw; a month marked again during
 * it stays marked and is taken by the next round.
 */
@Injectable()
@HandlesJob('sharing.recompute-stale')
export class RecomputeStaleHandler implements JobHandler<'sharing.recompute-stale'> {
  private readonly logger = new Logger('RecomputeStale');

  constructor(
    private readonly db: TenantDatabase,
    private readonly runner: RecomputeRunner,
  ) {}

  async handle(
    payload: JobPayloads['sharing.recompute-stale'],
  ): Promise<{ months: string[]; ranges: Array<{ from: string; to: string }> }> {
    const done: string[] = [];
    const ranges: Array<{ from: string; to: string }> = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const marks = await this.db.run(payload.communityId, async (tx) => {
        const found = await tx.store(StaleMonthsStore).list();
        await tx.store(StaleMonthsStore).markRecomputing(found.map((mark) => mark.month));
        return found;
      });
      if (marks.length === 0) break;
      const months = marks.map((mark) => mark.month);
      for (const range of staleRanges(marks)) {
        await this.runner.run(payload.communityId, range.from, range.to);
        ranges.push(range);
        this.logger.log(`Community ${payload.communityId}: stale ${range.from}..${range.to} recomputed`);
      }
      done.push(...months);
    }
    return { months: [...new Set(done)].sort(), ranges };
  }
}
