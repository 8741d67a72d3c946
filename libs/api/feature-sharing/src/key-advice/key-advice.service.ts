import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { RegistryReader } from '@sdilna/api/data-access-readings';
import { CommunityAccess } from '@sdilna/api/data-access-registry';
import type { Principal } from '@sdilna/api/util-auth';
import { JobProducer, type JobPayloads } from '@sdilna/api/util-jobs';
import type { KeyAdviceRequest, KeyAdviceResult, KeyAdviceState } from '@sdilna/shared/util-api-contract';

import { SharingException } from '../sharing.exception';
import type { KeyAdviceJobView, KeyAdviceRequestDto } from './key-advice.dto';
import { pragueMonthOf } from './key-advice-runner';

/** How long a finished advice answers from Redis: an hour, then the same request searches again. */
const KEEP_DONE_SECONDS = 3600;

/** `key-advice:<communityId>:<sha256 of the canonical request>`: the same request is the same job. */
export function keyAdviceJobId(communityId: string, request: KeyAdviceRequest): string {
  const canonical = JSON.stringify({
    sharingGroupId: request.sharingGroupId ?? null,
    months: [...new Set(request.months)].sort(),
    minPercent: request.minPercent ?? null,
    maxChange: request.maxChange ?? null,
    rounds: request.rounds ?? null,
  });
  return `key-advice:${communityId}:${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}

/**
 * POST/GET .../key-advice: checks the request, enqueues the search on the `advice` queue under a job id derived
 * from the request (asking again while it runs, or within an hour after, answers from the same job) and reads the
 * job's state, progress and answer back. Administrators only; a job of another community is not found.
 */
@Injectable()
export class KeyAdviceService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly access: CommunityAccess,
    private readonly jobs: JobProducer,
  ) {}

  async start(
    principal: Principal,
    communityId: string,
    body: KeyAdviceRequestDto,
  ): Promise<KeyAdviceJobView> {
    const request = await this.db.run(communityId, async (tx) => {
      const access = await this.access.resolve(tx.manager, communityId, principal);
      this.access.requireAdmin(access);
      const months = [...new Set(body.months)].sort();
      if (months.length !== body.months.length)
        throw new SharingException(
          'KEY_ADVICE_INVALID',
          `months name a month twice: ${body.months.join(', ')}`,
        );
      const thisMonth = pragueMonthOf(new Date());
      const future = months.filter((month) => month >= thisMonth);
      if (future.length > 0)
        throw new SharingException(
          'KEY_ADVICE_INVALID',
          `months ${future.join(', ')} are not over yet; expected months before ${thisMonth}`,
        );
      const points = await tx.store(RegistryReader).points();
      const groups = new Set(points.map((point) => point.sharingGroupId));
      if (body.sharingGroupId !== undefined && !groups.has(body.sharingGroupId))
        throw new SharingException(
          'KEY_ADVICE_INVALID',
          `sharing group ${body.sharingGroupId} has no metering points in this community`,
        );
      if (body.sharingGroupId === undefined && groups.size !== 1)
        throw new SharingException(
          'KEY_ADVICE_INVALID',
          `the community has ${groups.size} sharing groups with points; expected sharingGroupId`,
        );
      const request: JobPayloads['advice.key-advice']['request'] = {
        ...(body.sharingGroupId !== undefined ? { sharingGroupId: body.sharingGroupId } : {}),
        months,
        ...(body.minPercent !== undefined ? { minPercent: body.minPercent } : {}),
        ...(body.maxChange !== undefined ? { maxChange: body.maxChange } : {}),
        ...(body.rounds !== undefined ? { rounds: body.rounds } : {}),
      };
      return request;
    });
    const jobId = keyAdviceJobId(communityId, request);
    const queue = this.jobs.queue('advice');
    const existing = await queue.getJob(jobId);
    // A failed search is tried again when asked again; a running or recent one answers as it is.
    if (existing !== undefined && (await existing.getState()) === 'failed') await existing.remove();
    if (existing === undefined || (await queue.getJob(jobId)) === undefined)
      await this.jobs.enqueue('advice.key-advice', { communityId, request }, jobId, {
        attempts: 1,
        removeOnComplete: { age: KEEP_DONE_SECONDS },
        removeOnFail: { age: KEEP_DONE_SECONDS },
      });
    return this.view(communityId, jobId);
  }

  async get(principal: Principal, communityId: string, jobId: string): Promise<KeyAdviceJobView> {
    await this.db.run(communityId, async (tx) =>
      this.access.requireAdmin(await this.access.resolve(tx.manager, communityId, principal)),
    );
    return this.view(communityId, jobId);
  }

  private async view(communityId: string, jobId: string): Promise<KeyAdviceJobView> {
    const job: Job<JobPayloads['advice.key-advice'], KeyAdviceResult> | undefined = jobId.startsWith(
      `key-advice:${communityId}:`,
    )
      ? await this.jobs.queue('advice').getJob(jobId)
      : undefined;
    if (job === undefined || job.data.communityId !== communityId)
      throw new SharingException(
        'KEY_ADVICE_NOT_FOUND',
        `No key advice ${jobId} in this community (a finished one is kept for an hour); start it again`,
      );
    const state = await job.getState();
    const mapped: KeyAdviceState =
      state === 'completed'
        ? 'done'
        : state === 'failed'
          ? 'failed'
          : state === 'active'
            ? 'running'
            : 'waiting';
    return {
      jobId,
      state: mapped,
      progress: mapped === 'done' ? 100 : typeof job.progress === 'number' ? job.progress : 0,
      request: job.data.request,
      result: mapped === 'done' ? (job.returnvalue ?? null) : null,
      error: mapped === 'failed' ? failure(job.failedReason) : null,
    };
  }
}

/** The handler fails with `CODE: message` for a refusal the administrator can act on (KeyAdviceJobError). */
function failure(reason: string | undefined): { code: string; message: string } {
  const match = /^([A-Z_]+): (.*)$/s.exec(reason ?? '');
  return match
    ? { code: match[1] as string, message: match[2] as string }
    : { code: 'KEY_ADVICE_FAILED', message: 'the search failed; try again, or with fewer months' };
}
