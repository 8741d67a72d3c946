import { Injectable } from '@nestjs/common';

import { JobProducer } from '@sdilna/api/util-jobs';

/** Deterministic id (architecture.md section 5): one computation per community and month at a time. */
export function settleJobId(communityId: string, period: string): string {
  return `settle:${communityId}:${period}`;
}

@Injectable()
export class SettlementJobs {
  constructor(private readonly jobs: JobProducer) {}

  /**
   * Enqueues the computation of a run. BullMQ ignores an add whose id it still remembers, so a finished job of
   * the same month is removed first; a job still waiting or running already covers the request.
   */
  async enqueueCompute(
    communityId: string,
    runId: string,
    period: string,
    notifyAdmins = false,
  ): Promise<void> {
    const jobId = settleJobId(communityId, period);
    const existing = await this.jobs.queue('settlements').getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      // Two requests may both find the finished job; the one that removes it second finds nothing to remove.
      if (state === 'completed' || state === 'failed') await existing.remove().catch(() => undefined);
      else if (state !== 'unknown') return;
    }
    await this.jobs.enqueue('settlements.compute', { communityId, runId, period, notifyAdmins }, jobId);
  }
}
