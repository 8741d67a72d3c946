import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';

import type { JobName, JobPayloads } from './job-registry';

export const HANDLES_JOB_KEY = 'sdilna:handlesJob';

/** A worker-side handler of one registered job; the class is marked with @HandlesJob(name). */
export interface JobHandler<N extends JobName> {
  handle(payload: JobPayloads[N], job: Job<JobPayloads[N]>): Promise<unknown>;
}

export const HandlesJob = (name: JobName): ClassDecorator => SetMetadata(HANDLES_JOB_KEY, name);
