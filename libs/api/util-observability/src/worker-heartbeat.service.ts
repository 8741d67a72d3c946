import { hostname } from 'node:os';

import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { recordJobRun, type JobOutcome } from './job-metrics';
import { ObservabilityRedis } from './observability-redis';
import { beat, leave, WORKER_HEARTBEAT_INTERVAL_MS } from './worker-heartbeat';

/** A worker process's signs of life (read by the API's readiness) and its job run records (read by /metrics). */
@Injectable()
export class WorkerSignals implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  readonly name = `${hostname()}:${process.pid}`;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly redis: ObservabilityRedis) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beatQuietly();
    this.timer = setInterval(() => void this.beatQuietly(), WORKER_HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await leave(this.redis.client, this.redis.prefix, this.name).catch(() => undefined);
  }

  /** Never fails the job it measures: a metrics write lost while Redis is away is only a gap in a graph. */
  async jobFinished(queue: string, job: string, outcome: JobOutcome, seconds: number): Promise<void> {
    try {
      await recordJobRun(this.redis.client, this.redis.prefix, { queue, job, outcome, seconds });
    } catch (error) {
      this.logger.warn(`Job metrics not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async beatQuietly(): Promise<void> {
    try {
      await beat(this.redis.client, this.redis.prefix, this.name);
    } catch (error) {
      this.logger.warn(`Heartbeat not sent: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
