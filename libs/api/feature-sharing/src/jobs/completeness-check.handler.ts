import { Injectable } from '@nestjs/common';

import { HandlesJob, JobHandler, JobPayloads } from '@sdilna/api/util-jobs';

import { CompletenessService } from '../completeness.service';

@Injectable()
@HandlesJob('sharing.check-completeness')
export class CompletenessCheckHandler implements JobHandler<'sharing.check-completeness'> {
  constructor(private readonly completeness: CompletenessService) {}

  async handle(payload: JobPayloads['sharing.check-completeness']): Promise<{ communities: number }> {
    return { communities: await this.completeness.check(payload.days) };
  }
}
