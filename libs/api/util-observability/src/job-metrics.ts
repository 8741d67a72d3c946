import type { Redis } from 'ioredis';

/**
 * Job outcomes and durations, written by every worker process into one Redis hash and read by the API's
 * `/metrics`: whichever API process Prometheus scrapes sees the jobs of all workers.
 * Fields: `<queue>|<job>|completed`, `|failed` and `|seconds` (sum of run time).
 */
export function jobMetricsKey(prefix: string): string {
  return `${prefix}:sdilna:job-metrics`;
}

export type JobOutcome = 'completed' | 'failed';

export async function recordJobRun(
  redis: Redis,
  prefix: string,
  run: { queue: string; job: string; outcome: JobOutcome; seconds: number },
): Promise<void> {
  const field = `${run.queue}|${run.job}`;
  await redis
    .multi()
    .hincrby(jobMetricsKey(prefix), `${field}|${run.outcome}`, 1)
    .hincrbyfloat(jobMetricsKey(prefix), `${field}|seconds`, run.seconds)
    .exec();
}

export interface JobRunTotals {
  readonly queue: string;
  readonly job: string;
  readonly completed: number;
  readonly failed: number;
  readonly seconds: number;
}

export async function readJobRunTotals(redis: Redis, prefix: string): Promise<JobRunTotals[]> {
  const hash = await redis.hgetall(jobMetricsKey(prefix));
  const byJob = new Map<
    string,
    { queue: string; job: string; completed: number; failed: number; seconds: number }
  >();
  for (const [field, value] of Object.entries(hash)) {
    const [queue, job, kind] = field.split('|');
    if (queue === undefined || job === undefined || kind === undefined) continue;
    const key = `${queue}|${job}`;
    const entry = byJob.get(key) ?? { queue, job, completed: 0, failed: 0, seconds: 0 };
    if (kind === 'completed' || kind === 'failed' || kind === 'seconds') entry[kind] = Number(value);
    byJob.set(key, entry);
  }
  return [...byJob.values()];
}
