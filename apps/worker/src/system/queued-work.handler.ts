import { Injectable, Logger } from '@nestjs/common';

import { CrossTenantStore, TenantDatabase } from '@sdilna/api/data-access-db';
import { enqueueStaleRecompute, StaleMonthsStore } from '@sdilna/api/data-access-registry';
import { DeliveryStore, SettlementStore } from '@sdilna/api/data-access-settlement';
import { ImportBatchStore, importJobId } from '@sdilna/api/feature-imports';
import { DeliveryJobs, SettlementJobs, settleJobId } from '@sdilna/api/feature-settlements';
import { HandlesJob, JobHandler, JobPayloads, JobProducer } from '@sdilna/api/util-jobs';

/** How often the sweep runs (a repeatable job) besides once at worker start. */
export const QUEUED_WORK_EVERY_MS = 60_000;

/**
 * The other half of the outbox (issue 16, defect 5): a request stores its work first (an import batch `queued`,
 * a draft run waiting for computation) and only then asks Redis for the job, giving up after a short deadline.
 * This sweep enqueues every such item again. Adding is idempotent: job ids are deterministic, BullMQ ignores an
 * id it holds, and `enqueueCompute` keeps a settlement job that is waiting or running; the handlers themselves
 * skip a batch or run that is no longer queued, so a sweep racing a request costs nothing.
 */
@Injectable()
@HandlesJob('system.enqueue-queued-work')
export class QueuedWorkHandler implements JobHandler<'system.enqueue-queued-work'> {
  private readonly logger = new Logger('QueuedWork');

  constructor(
    private readonly db: TenantDatabase,
    private readonly system: CrossTenantStore,
    private readonly jobs: JobProducer,
    private readonly settlementJobs: SettlementJobs,
    private readonly deliveryJobs: DeliveryJobs,
  ) {}

  async handle(
    _payload: JobPayloads['system.enqueue-queued-work'],
  ): Promise<{ imports: number; settlements: number; staleMonths: number; deliveries: number }> {
    // Every community with an import batch is listed here (a trigger notes it), and a settlement run needs
    // readings, so this cross-tenant list covers all queued work; each community is then read under its tenant.
    let imports = 0;
    let settlements = 0;
    let staleMonths = 0;
    let deliveries = 0;
    for (const communityId of await this.system.communitiesWithReadings()) {
      const queued = await this.db.run(communityId, async (tx) => ({
        batches: await tx.store(ImportBatchStore).queuedIds(),
        runs: await tx.store(SettlementStore).queuedRuns(),
        stale: (await tx.store(StaleMonthsStore).list()).length,
        deliveries: await tx.store(DeliveryStore).queued(),
      }));
      // A document mail still queued: its job id is deterministic, so one BullMQ still holds is not added again.
      for (const delivery of queued.deliveries) {
        await this.deliveryJobs.enqueue(communityId, delivery.documentId, delivery.generation);
        deliveries++;
      }
      // A change marks its months in its own transaction and asks for the recompute after the commit; when that
      // ask did not reach Redis, this is the recompute's way in.
      if (queued.stale > 0) {
        await enqueueStaleRecompute(this.jobs, communityId);
        staleMonths += queued.stale;
      }
      for (const batchId of queued.batches) {
        await this.jobs.enqueue(
          'imports.import',
          { communityId, batchId },
          importJobId(communityId, batchId),
        );
        imports++;
      }
      for (const run of queued.runs) {
        if (await this.settlementStillWaiting(communityId, run.id, run.period)) {
          await this.settlementJobs.enqueueCompute(communityId, run.id, run.period, run.scheduled);
          settlements++;
        }
      }
    }
    if (imports + settlements > 0)
      this.logger.log(`Queued work enqueued: ${imports} import batches, ${settlements} settlement runs`);
    return { imports, settlements, staleMonths, deliveries };
  }

  /**
   * The run read above may have been computed since: its job may have completed in between, and
   * `enqueueCompute` replaces a completed job, which would compute the month (and mail a scheduled draft) twice.
   * A job still waiting or running covers the run; otherwise the run's state is read again after the job's.
   */
  private async settlementStillWaiting(communityId: string, runId: string, period: string): Promise<boolean> {
    const job = await this.jobs.queue('settlements').getJob(settleJobId(communityId, period));
    const state = job ? await job.getState() : 'unknown';
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
    return this.db.run(communityId, (tx) => tx.store(SettlementStore).stillQueued(runId));
  }
}
