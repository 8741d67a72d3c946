/**
 * The one registry of queues and jobs (architecture.md section 5). Every job name maps to its queue and
 * its payload type, so producers and the worker agree at compile time; the worker refuses to start
 * unless every job here has exactly one handler.
 */
export interface JobPayloads {
  /** Proves the worker is alive and consuming; answers with the worker's process id. */
  'system.ping': { requestedAt: string };
}

export type JobName = keyof JobPayloads;

export const QUEUE_NAMES = ['system'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const JOB_QUEUES: { readonly [N in JobName]: QueueName } = {
  'system.ping': 'system',
};

export const JOB_NAMES = Object.keys(JOB_QUEUES) as JobName[];

export function queueOf(job: JobName): QueueName {
  return JOB_QUEUES[job];
}

export function jobsOfQueue(queue: QueueName): JobName[] {
  return JOB_NAMES.filter((job) => JOB_QUEUES[job] === queue);
}
