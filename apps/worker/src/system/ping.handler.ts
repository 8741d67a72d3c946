import { Injectable } from '@nestjs/common';

import { HandlesJob, JobHandler, JobPayloads } from '@sdilna/api/util-jobs';

@Injectable()
@HandlesJob('system.ping')
export class PingHandler implements JobHandler<'system.ping'> {
  async handle(payload: JobPayloads['system.ping']): Promise<{ pid: number; requestedAt: string }> {
    return { pid: process.pid, requestedAt: payload.requestedAt };
  }
}
