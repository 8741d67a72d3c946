import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';

import { AppConfig } from '@sdilna/api/util-config';

import { JobProducer } from './job-producer';
import { QUEUE_NAMES } from './job-registry';
import { redisConnectionFromUrl } from './redis-connection';

export interface JobsModuleOptions {
  /**
   * `producer` (the API): commands fail at once while Redis is away instead of waiting in ioredis's offline
   * queue, so a request never waits for Redis and nothing piles up in memory during an outage; what a request
   * stored is enqueued by the worker's queued-work sweep. `worker` (default): the queues keep the offline queue,
   * as BullMQ's workers and schedulers expect to ride out a reconnect.
   */
  readonly role?: 'producer' | 'worker';
}

/** Registers the Redis connection and every queue of the registry, for the API (producer) and the worker. */
@Module({})
export class JobsModule {
  static forRoot(options: JobsModuleOptions = {}): DynamicModule {
    const producer = options.role === 'producer';
    const queues = BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name })));
    return {
      module: JobsModule,
      global: true,
      providers: [JobProducer],
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: {
              ...redisConnectionFromUrl(config.REDIS_URL),
              ...(producer ? { enableOfflineQueue: false } : {}),
            },
            prefix: config.QUEUE_PREFIX,
            defaultJobOptions: {
              removeOnComplete: 1000,
              removeOnFail: 5000,
              attempts: 3,
              backoff: { type: 'exponential', delay: 2000 },
            },
          }),
        }),
        queues,
      ],
      exports: [queues, JobProducer],
    };
  }
}
