import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

import { AppConfig } from '@sdilna/api/util-config';

/**
 * The connection for heartbeats, job metrics and readiness: its own, so that a probe never waits behind a
 * worker's blocking queue commands, and it fails fast (one retry) instead of queueing commands while Redis is down.
 */
@Injectable()
export class ObservabilityRedis implements OnApplicationShutdown {
  readonly client: Redis;
  readonly prefix: string;

  constructor(config: AppConfig) {
    this.client = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      connectTimeout: 2_000,
    });
    // Connection errors surface through the commands that need Redis; an unhandled 'error' event would crash.
    this.client.on('error', () => undefined);
    this.prefix = config.QUEUE_PREFIX;
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
