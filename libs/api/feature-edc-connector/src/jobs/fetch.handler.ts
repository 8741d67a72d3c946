import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

import { HandlesJob, type JobHandler, type JobPayloads } from '@sdilna/api/util-jobs';

import { ConnectorRunner, type ConnectorOutcome } from './connector-runner';
import { retried } from './nightly.handler';

@Injectable()
@HandlesJob('edc.fetch')
export class FetchNowHandler implements JobHandler<'edc.fetch'> {
  constructor(private readonly runner: ConnectorRunner) {}

  handle(payload: JobPayloads['edc.fetch'], job: Job<JobPayloads['edc.fetch']>): Promise<ConnectorOutcome> {
    return retried(() =>
      this.runner.run(
        payload.communityId,
        { kind: 'backfill', requestId: payload.requestId, from: payload.from, to: payload.to },
        { attemptsMade: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1 },
      ),
    );
  }
}
