export { HANDLES_JOB_KEY, HandlesJob } from './job-handler';
export type { JobHandler } from './job-handler';
export { JOB_NAMES, JOB_QUEUES, jobsOfQueue, QUEUE_NAMES, queueOf } from './job-registry';
export type { JobName, JobPayloads, QueueName } from './job-registry';
export { JobProducer } from './job-producer';
export { JobsModule } from './jobs.module';
export { redisConnectionFromUrl } from './redis-connection';
export { ENQUEUE_DEADLINE_MS, EnqueueDeadlineError, withinDeadline } from './enqueue-deadline';
