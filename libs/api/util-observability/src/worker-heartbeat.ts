import type { Redis } from 'ioredis';

/** Workers beat every few seconds; one that has not beaten within this window counts as gone. */
export const WORKER_HEARTBEAT_INTERVAL_MS = 5_000;
export const WORKER_HEARTBEAT_WINDOW_MS = 30_000;

function heartbeatKey(prefix: string): string {
  return `${prefix}:sdilna:workers`;
}

/** One worker process says it is alive: a sorted set of process names scored by the time of their last beat. */
export async function beat(redis: Redis, prefix: string, worker: string, now = Date.now()): Promise<void> {
  await redis
    .multi()
    .zadd(heartbeatKey(prefix), now, worker)
    .zremrangebyscore(heartbeatKey(prefix), '-inf', now - 10 * WORKER_HEARTBEAT_WINDOW_MS)
    .exec();
}

export async function leave(redis: Redis, prefix: string, worker: string): Promise<void> {
  await redis.zrem(heartbeatKey(prefix), worker);
}

/** Names of the workers that beat within the window. */
export async function liveWorkers(redis: Redis, prefix: string, now = Date.now()): Promise<string[]> {
  return redis.zrangebyscore(heartbeatKey(prefix), now - WORKER_HEARTBEAT_WINDOW_MS, '+inf');
}
