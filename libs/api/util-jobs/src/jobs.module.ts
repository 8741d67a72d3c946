import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';

import { AppConfig } from '@sdilna/api/util-config';

import { JobProducer } from './job-producer';
import { QUEUE_NAMES } from './job-registry';
import { redisConnectionFromUrl } from './redis-connection';

/** Registers the Redis connection and every queue of the registry, for the API (producer) and the worker. */
@Module({})
export class JobsModule {
  static forRoot(): DynamicModule {
    const queues = BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name })));
    return {
      module: JobsModule,
      global: true,
      providers: [JobProducer],
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: redisConnectionFromUrl(config.REDIS_URL),
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
