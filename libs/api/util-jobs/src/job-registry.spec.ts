import { describe, expect, it } from 'vitest';

import { JOB_NAMES, jobsOfQueue, QUEUE_NAMES, queueOf } from './job-registry';
import { redisConnectionFromUrl } from './redis-connection';

describe('job registry', () => {
  it('assigns every job to a declared queue', () => {
    for (const job of JOB_NAMES) expect(QUEUE_NAMES).toContain(queueOf(job));
  });

  it('lists each job under exactly one queue', () => {
    const listed = QUEUE_NAMES.flatMap((queue) => jobsOfQueue(queue));
    expect([...listed].sort()).toEqual([...JOB_NAMES].sort());
  });
});

describe('redisConnectionFromUrl', () => {
  it('reads host, port, database and credentials from the URL', () => {
    expect(redisConnectionFromUrl('rediss://user:p%40ss@cache.local:6380/2')).toMatchObject({
      host: 'cache.local',
      port: 6380,
      db: 2,
      username: 'user',
      password: 'p@ss',
      tls: {},
      maxRetriesPerRequest: null,
    });
  });

  it('defaults to port 6379 and database 0', () => {
    expect(redisConnectionFromUrl('redis://127.0.0.1')).toMatchObject({ port: 6379, db: 0, tls: undefined });
  });
});
