import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

import { HandlesJob, type JobHandler, type JobPayloads } from '@sdilna/api/util-jobs';
import type { KeyAdviceResult } from '@sdilna/shared/util-api-contract';

import { KeyAdviceJobError, KeyAdviceRunner } from './key-advice-runner';

@Injectable()
@HandlesJob('advice.key-advice')
export class KeyAdviceHandler implements JobHandler<'advice.key-advice'> {
  constructor(private readonly runner: KeyAdviceRunner) {}

  async handle(
    payload: JobPayloads['advice.key-advice'],
    job: Job<JobPayloads['advice.key-advice']>,
  ): Promise<KeyAdviceResult> {
    try {
      return await this.runner.run(payload.communityId, payload.request, (percent) =>
        job.updateProgress(percent),
      );
    } catch (error) {
      // The failed reason carries the code the API reads back (key-advice.service.ts `failure`).
      if (error instanceof KeyAdviceJobError) throw new Error(`${error.code}: ${error.message}`);
      throw error;
    }
  }
}
