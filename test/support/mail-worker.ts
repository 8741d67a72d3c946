import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { type Job, Worker } from 'bullmq';

import { AppConfig } from '@sdilna/api/util-config';
import {
  type JobHandler,
  type JobName,
  type JobPayloads,
  type QueueName,
  redisConnectionFromUrl,
} from '@sdilna/api/util-jobs';
import { Mailer, SendMailHandler } from '@sdilna/api/util-mail';

/**
 * The worker's `mail` queue (invitations, password resets) served in this process by the real handler, as the
 * worker process does in production. The API's test app starts one, so a test reads an invitation from the mail
 * catcher without running the whole worker; a spec that runs the whole worker gets a second consumer, which BullMQ
 * allows (each job is taken once).
 */
export async function startMailWorker(app: INestApplication | TestingModule): Promise<Worker> {
  const config = app.get(AppConfig);
  const handler = new SendMailHandler(app.get(Mailer));
  const worker = new Worker('mail', (job) => handler.handle(job.data, job), {
    connection: redisConnectionFromUrl(config.REDIS_URL),
    prefix: config.QUEUE_PREFIX,
    concurrency: 4,
  });
  await worker.waitUntilReady();
  return worker;
}

/**
 * One queue of the worker served in this process by one handler (the handler's class from the module): what
 * the worker process does for that queue, without starting every other queue's consumer.
 */
export async function startQueueWorker<N extends JobName>(
  app: INestApplication | TestingModule,
  queue: QueueName,
  handler: JobHandler<N>,
): Promise<Worker> {
  const config = app.get(AppConfig);
  const worker = new Worker(queue, (job: Job<JobPayloads[N]>) => handler.handle(job.data, job), {
    connection: redisConnectionFromUrl(config.REDIS_URL),
    prefix: config.QUEUE_PREFIX,
    concurrency: 2,
  });
  await worker.waitUntilReady();
  return worker;
}
