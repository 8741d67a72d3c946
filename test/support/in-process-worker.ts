import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';

import { JobProducer, type QueueName } from '@sdilna/api/util-jobs';

import { WorkerModule } from '../../apps/worker/src/worker.module';

/** The real worker (handlers, job runner, schedules) in this process, on the run's PostgreSQL and Redis. */
export async function startInProcessWorker(): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
  moduleRef.useLogger(['error', 'warn']);
  await moduleRef.init();
  return moduleRef;
}

/** Waits until a BullMQ job with this id has completed (throws on failure or timeout). */
export async function jobCompleted(
  app: INestApplication | TestingModule,
  queue: QueueName,
  jobId: string,
  timeoutMs = 120_000,
): Promise<unknown> {
  const producer = app.get(JobProducer);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await producer.queue(queue).getJob(jobId);
    const state = job === undefined ? 'missing' : await job.getState();
    // Read again: the job may have completed between getJob and getState, leaving this copy's returnvalue empty.
    if (state === 'completed') return (await producer.queue(queue).getJob(jobId))?.returnvalue;
    if (state === 'failed') throw new Error(`job ${jobId} failed: ${job?.failedReason ?? ''}`);
    if (Date.now() > deadline) throw new Error(`job ${jobId} is ${state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
