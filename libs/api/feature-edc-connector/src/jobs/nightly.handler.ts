import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

import { pragueDateOf } from '@sdilna/shared/domain-core';
import { HandlesJob, type JobHandler, type JobPayloads } from '@sdilna/api/util-jobs';

import { ConnectorRetry, ConnectorRunner, type ConnectorOutcome } from './connector-runner';

@Injectable()
@HandlesJob('edc.nightly')
export class NightlyFetchHandler implements JobHandler<'edc.nightly'> {
  constructor(private readonly runner: ConnectorRunner) {}

  async handle(
    payload: JobPayloads['edc.nightly'],
    job: Job<JobPayloads['edc.nightly']>,
  ): Promise<ConnectorOutcome> {
    // The schedule passes "schedule" (now); a hand-started run may act as of another instant.
    const at = Date.parse(payload.requestedAt);
    const today = pragueDateOf(Number.isNaN(at) ? Date.now() : at);
    return retried(() =>
      this.runner.run(
        payload.communityId,
        { kind: 'nightly', today },
        {
          attemptsMade: job.attemptsMade,
          maxAttempts: job.opts.attempts ?? 1,
        },
      ),
    );
  }
}

/** A ConnectorRetry fails the attempt so that BullMQ retries it with backoff; anything else is the outcome. */
export async function retried(run: () => Promise<ConnectorOutcome>): Promise<ConnectorOutcome> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ConnectorRetry) throw new Error(error.message);
    throw error;
  }
}
