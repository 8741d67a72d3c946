import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, JobsOptions, Queue } from 'bullmq';

import { queueOf, type JobName, type JobPayloads, type QueueName } from './job-registry';

/** Typed enqueueing: the payload must match the job's registered type, and the job id is the caller's deterministic id. */
@Injectable()
export class JobProducer {
  constructor(
    @InjectQueue('system') private readonly systemQueue: Queue,
    @InjectQueue('imports') private readonly importsQueue: Queue,
    @InjectQueue('sharing') private readonly sharingQueue: Queue,
    @InjectQueue('settlements') private readonly settlementsQueue: Queue,
    @InjectQueue('edc') private readonly edcQueue: Queue,
    @InjectQueue('advice') private readonly adviceQueue: Queue,
    @InjectQueue('mail') private readonly mailQueue: Queue,
    @InjectQueue('deliveries') private readonly deliveriesQueue: Queue,
  ) {}

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    jobId: string,
    options: Omit<JobsOptions, 'jobId'> = {},
  ): Promise<Job> {
    return this.queue(queueOf(name)).add(name, payload, { ...options, jobId });
  }

  /** The BullMQ queue itself, for schedules (upsertJobScheduler) and for reading a job's state. */
  queue(name: QueueName): Queue {
    switch (name) {
      case 'system':
        return this.systemQueue;
      case 'imports':
        return this.importsQueue;
      case 'sharing':
        return this.sharingQueue;
      case 'settlements':
        return this.settlementsQueue;
      case 'edc':
        return this.edcQueue;
      case 'advice':
        return this.adviceQueue;
      case 'mail':
        return this.mailQueue;
      case 'deliveries':
        return this.deliveriesQueue;
    }
  }
}
