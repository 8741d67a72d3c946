import { JOB_NAMES, JobName } from '@sdilna/api/util-jobs';

export class HandlerRegistryError extends Error {}

/**
 * Pairs every registered job with exactly one handler. A job without a handler would sit in Redis forever
 * and two handlers would make the outcome depend on discovery order, so either stops the worker at start.
 */
export function buildHandlerMap<H>(
  discovered: ReadonlyArray<{ job: string; handler: H; name: string }>,
): Map<JobName, H> {
  const problems: string[] = [];
  const map = new Map<JobName, H>();
  const byJob = new Map<string, string[]>();
  for (const entry of discovered) {
    byJob.set(entry.job, [...(byJob.get(entry.job) ?? []), entry.name]);
    if (!(JOB_NAMES as string[]).includes(entry.job))
      problems.push(`${entry.name} handles "${entry.job}", which is not in the job registry`);
    else map.set(entry.job as JobName, entry.handler);
  }
  for (const job of JOB_NAMES) {
    const handlers = byJob.get(job) ?? [];
    if (handlers.length === 0) problems.push(`job "${job}" has no handler`);
    if (handlers.length > 1)
      problems.push(`job "${job}" has ${handlers.length} handlers: ${handlers.join(', ')}`);
  }
  if (problems.length > 0) throw new HandlerRegistryError(`Worker refuses to start: ${problems.join('; ')}`);
  return map;
}
