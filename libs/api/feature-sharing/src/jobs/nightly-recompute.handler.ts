import { Injectable } from '@nestjs/common';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { HandlesJob, JobHandler, JobPayloads, JobProducer } from '@sdilna/api/util-jobs';
import { addDays, pragueDateOf } from '@sdilna/shared/domain-core';

/**
 * The nightly schedule only enqueues (house style: cron only enqueues): one recompute per community with data,
 * over the last `days` days, so late revisions and key changes reach the computed sharing by morning.
 */
@Injectable()
@HandlesJob('sharing.recompute-nightly')
export class NightlyRecomputeHandler implements JobHandler<'sharing.recompute-nightly'> {
  constructor(
    private readonly db: TenantDatabase,
    private readonly jobs: JobProducer,
  ) {}

  async handle(payload: JobPayloads['sharing.recompute-nightly']): Promise<{ communities: number }> {
    const to = addDays(pragueDateOf(Date.now()), -1);
    const from = addDays(to, -(payload.days - 1));
    const communities: Array<{ id: string }> = await this.db.runGlobal((manager) =>
      manager.query(`SELECT communities_with_readings() AS id`),
    );
    for (const { id } of communities) {
      await this.jobs.enqueue(
        'sharing.recompute',
        { communityId: id, from, to, reason: 'nightly' },
        `recompute:${id}:nightly-${to}`,
      );
    }
    return { communities: communities.length };
  }
}
