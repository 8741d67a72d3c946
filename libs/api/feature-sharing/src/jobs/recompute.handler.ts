import { Injectable } from '@nestjs/common';

import { HandlesJob, JobHandler, JobPayloads } from '@sdilna/api/util-jobs';

import { RecomputeRunner, type RecomputeSummary } from './recompute-runner';

@Injectable()
@HandlesJob('sharing.recompute')
export class RecomputeHandler implements JobHandler<'sharing.recompute'> {
  constructor(private readonly runner: RecomputeRunner) {}

  handle(payload: JobPayloads['sharing.recompute']): Promise<RecomputeSummary> {
    return this.runner.run(payload.communityId, payload.from, payload.to);
  }
}
