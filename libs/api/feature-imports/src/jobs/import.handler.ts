import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

import { HandlesJob, JobHandler, JobPayloads } from '@sdilna/api/util-jobs';

import { InboxFiles } from './inbox-files';
import { ImportRunner, type ImportOutcome } from './import-runner';

@Injectable()
@HandlesJob('imports.import')
export class ImportHandler implements JobHandler<'imports.import'> {
  constructor(
    private readonly runner: ImportRunner,
    private readonly inbox: InboxFiles,
  ) {}

  async handle(
    payload: JobPayloads['imports.import'],
    job: Job<JobPayloads['imports.import']>,
  ): Promise<ImportOutcome> {
    const outcome = await this.runner.run(payload.communityId, payload.batchId, {
      attemptsMade: job.attemptsMade,
      maxAttempts: job.opts.attempts ?? 1,
    });
    await this.inbox.settle(payload.communityId, payload.batchId, outcome);
    return outcome;
  }
}
