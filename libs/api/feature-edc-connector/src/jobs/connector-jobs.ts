import { Injectable } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';

import { AppConfig } from '@sdilna/api/util-config';
import { JobProducer } from '@sdilna/api/util-jobs';

import { cronOfMinute } from '../connector-plan';

export function nightlySchedulerId(communityId: string): string {
  return `edc-nightly:${communityId}`;
}

export function fetchJobId(communityId: string, requestId: string): string {
  return `edc-fetch:${communityId}:${requestId}`;
}

/**
 * Enqueues the connector's jobs with its own retry policy (attempts and exponential backoff from configuration:
 * the portal is slow and sometimes away, and must never be hammered) and keeps one nightly schedule per community.
 */
@Injectable()
export class ConnectorJobs {
  constructor(
    private readonly jobs: JobProducer,
    private readonly config: AppConfig,
  ) {}

  retryOptions(): Omit<JobsOptions, 'jobId'> {
    return {
      attempts: this.config.EDC_RETRY_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.EDC_RETRY_DELAY_MS },
    };
  }

  async schedule(communityId: string, minute: number): Promise<void> {
    await this.jobs
      .queue('edc')
      .upsertJobScheduler(
        nightlySchedulerId(communityId),
        { pattern: cronOfMinute(minute), tz: 'Europe/Prague' },
        { name: 'edc.nightly', data: { communityId, requestedAt: 'schedule' }, opts: this.retryOptions() },
      );
  }

  async unschedule(communityId: string): Promise<void> {
    await this.jobs.queue('edc').removeJobScheduler(nightlySchedulerId(communityId));
  }

  /** When BullMQ will next run the community's schedule; undefined when there is none. */
  async nextRun(communityId: string): Promise<number | undefined> {
    const scheduler = await this.jobs.queue('edc').getJobScheduler(nightlySchedulerId(communityId));
    return scheduler?.next ?? undefined;
  }

  async schedulerIds(): Promise<string[]> {
    const schedulers = await this.jobs.queue('edc').getJobSchedulers(0, -1);
    return schedulers.map((scheduler) => scheduler.key).filter((key) => key.startsWith('edc-nightly:'));
  }

  async enqueueFetch(communityId: string, requestId: string, from: string, to: string): Promise<void> {
    await this.jobs.enqueue(
      'edc.fetch',
      { communityId, requestId, from, to },
      fetchJobId(communityId, requestId),
      this.retryOptions(),
    );
  }

  async enqueueNightly(communityId: string, requestedAt: string, jobId: string): Promise<void> {
    await this.jobs.enqueue('edc.nightly', { communityId, requestedAt }, jobId, this.retryOptions());
  }

  /** Whether a fetch-now job is still waiting, running or waiting for its retry. */
  async fetchAlive(communityId: string, requestId: string): Promise<boolean> {
    const job = await this.jobs.queue('edc').getJob(fetchJobId(communityId, requestId));
    if (job === undefined) return false;
    const state = await job.getState();
    return (
      state === 'waiting' ||
      state === 'active' ||
      state === 'delayed' ||
      state === 'prioritized' ||
      state === 'waiting-children'
    );
  }
}
