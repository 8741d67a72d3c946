import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Type } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Job, Worker } from 'bullmq';

import { AppConfig } from '@sdilna/api/util-config';
import {
  HANDLES_JOB_KEY,
  JobHandler,
  JobName,
  QUEUE_NAMES,
  redisConnectionFromUrl,
} from '@sdilna/api/util-jobs';
import { WorkerSignals } from '@sdilna/api/util-observability';

import { buildHandlerMap } from './handler-map';

/** Starts one BullMQ worker per registered queue and dispatches each job to its single handler. */

/** The lock of a key-advice job: longer than the longest search phase (a 1 000-EAN month, ~2 min of CPU). */
const ADVICE_LOCK_MS = 10 * 60 * 1000;
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly signals: WorkerSignals,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const discovered = this.discovery
      .getProviders()
      .filter(
        (wrapper) =>
          wrapper.metatype !== null && wrapper.metatype !== undefined && wrapper.instance !== undefined,
      )
      .flatMap((wrapper) => {
        const job = this.reflector.get<string | undefined>(HANDLES_JOB_KEY, wrapper.metatype as Type);
        return job === undefined
          ? []
          : [{ job, handler: wrapper.instance as JobHandler<JobName>, name: wrapper.name }];
      });
    const handlers = buildHandlerMap(discovered);
    const connection = redisConnectionFromUrl(this.config.REDIS_URL);
    for (const queue of QUEUE_NAMES) {
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const handler = handlers.get(job.name as JobName);
          if (handler === undefined) throw new Error(`No handler for job "${job.name}" on queue "${queue}"`);
          const started = performance.now();
          try {
            const result: unknown = await handler.handle(job.data as never, job as never);
            await this.signals.jobFinished(
              queue,
              job.name,
              'completed',
              (performance.now() - started) / 1000,
            );
            return result;
          } catch (error) {
            await this.signals.jobFinished(queue, job.name, 'failed', (performance.now() - started) / 1000);
            throw error;
          }
        },
        // The name is recorded on each job it takes (`processedBy`): which process ran what, when several run.
        // A key search (`advice`) computes for up to minutes between its yields to the event loop: one at a
        // time, and a lock that outlives it, so BullMQ does not take it for stalled and run it twice.
        {
          connection,
          prefix: this.config.QUEUE_PREFIX,
          concurrency: queue === 'advice' ? 1 : 2,
          ...(queue === 'advice' ? { lockDuration: ADVICE_LOCK_MS } : {}),
          name: this.signals.name,
        },
      );
      worker.on('failed', (job, error) =>
        this.logger.warn(`Job ${job?.id ?? '?'} (${job?.name ?? '?'}) failed: ${error.message}`),
      );
      await worker.waitUntilReady();
      this.workers.push(worker);
    }
    const redis = new URL(this.config.REDIS_URL);
    this.logger.log(
      `Connected to Redis at ${redis.host}; serving queues: ${QUEUE_NAMES.join(', ')} (jobs: ${[...handlers.keys()].join(', ')})`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
