import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, JobsOptions, Queue } from 'bullmq';

import type { JobName, JobPayloads } from './job-registry';

/** Typed enqueueing: the payload must match the job's registered type, and the job id is the caller's deterministic id. */
@Injectable()
export class JobProducer {
  constructor(@InjectQueue('system') private readonly systemQueue: Queue) {}

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    jobId: string,
    options: Omit<JobsOptions, 'jobId'> = {},
  ): Promise<Job> {
    return this.queueFor(name).add(name, payload, { ...options, jobId });
  }

  private queueFor(name: JobName): Queue {
    switch (name) {
      case 'system.ping':
        return this.systemQueue;
    }
  }
}
