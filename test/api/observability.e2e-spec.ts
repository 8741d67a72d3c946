import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { JobProducer } from '@sdilna/api/util-jobs';

import { TEST_PASSWORD, uniqueEmail } from '../support/factories';
import { jobCompleted, startInProcessWorker } from '../support/in-process-worker';
import { startApiProcess, type ServiceProcess } from '../support/service-process';

const METRICS_TOKEN = 'metrics-token-for-the-observability-spec';

/**
 * The API as it runs in production (its own process, JSON logs at info), with a queue prefix of its own so that
 * worker heartbeats and job counts of other specs cannot make this one pass.
 */
describe('logs, metrics and health of a running API', () => {
  let api: ServiceProcess & { url: string };
  const prefix = `obs_${randomUUID().slice(0, 8)}`;
  const savedPrefix = process.env['QUEUE_PREFIX'];

  beforeAll(async () => {
    process.env['QUEUE_PREFIX'] = prefix;
    api = await startApiProcess({ LOG_LEVEL: 'info', METRICS_TOKEN, QUEUE_PREFIX: prefix });
  });

  afterAll(async () => {
    await api?.stop();
    process.env['QUEUE_PREFIX'] = savedPrefix;
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers });

  it('logs each request as one JSON line with request, community and user ids, and no secret or e-mail', async () => {
    const email = uniqueEmail('logs');
    const signup = await fetch(`${api.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email,
        password: TEST_PASSWORD,
        name: 'Log Reader',
        community: { name: 'Logs', type: 'active-customer' },
      }),
    });
    expect(signup.status).toBe(201);
    const body = (await signup.json()) as {
      accessToken: string;
      user: { id: string };
      community: { id: string };
    };
    const auth = { Authorization: `Bearer ${body.accessToken}` };
    const requestId = `trace-${randomUUID()}`;
    const members = await get(`/api/communities/${body.community.id}/members`, {
      ...auth,
      'x-request-id': requestId,
    });
    expect(members.status).toBe(200);
    expect(members.headers.get('x-request-id')).toBe(requestId);
    // A refused request is logged too, with the e-mail in its query string hidden.
    const refusedId = `trace-${randomUUID()}`;
    const refused = await get(
      `/api/communities/${body.community.id}/members?email=${encodeURIComponent(email)}`,
      { ...auth, 'x-request-id': refusedId },
    );
    expect(refused.status).toBe(400);

    await expect.poll(() => api.output().includes(refusedId), { timeout: 5_000 }).toBe(true);
    const lines = api
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const lineOf = (id: string) =>
      lines.find((line) => (line['req'] as { id?: string } | undefined)?.id === id);
    const completion = lineOf(requestId);
    expect(completion).toMatchObject({
      level: 30,
      service: 'sdilna',
      communityId: body.community.id,
      userId: body.user.id,
      req: { method: 'GET', url: `/api/communities/${body.community.id}/members` },
      res: { statusCode: 200 },
    });
    expect(lineOf(refusedId)).toMatchObject({
      communityId: body.community.id,
      req: { url: `/api/communities/${body.community.id}/members?email=[redacted]` },
      res: { statusCode: 400 },
    });
    expect(typeof completion?.['responseTime']).toBe('number');
    const everything = api.output();
    expect(everything).not.toContain(TEST_PASSWORD);
    expect(everything).not.toContain(body.accessToken);
    expect(everything).not.toContain(email);
    expect(everything).not.toContain(encodeURIComponent(email));
  });

  it('serves /metrics only with the configured bearer token', async () => {
    expect((await get('/metrics')).status).toBe(401);
    expect(
      (await get('/metrics', { Authorization: 'Bearer wrong-token-of-the-same-size-xxxxx' })).status,
    ).toBe(401);
    const metrics = await get('/metrics', { Authorization: `Bearer ${METRICS_TOKEN}` });
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/signup",status_code="201"\} 1/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/communities\/:communityId\/members",status_code="200"\} 1/,
    );
    expect(text).toMatch(/sdilna_queue_jobs\{queue="imports",state="waiting"\} 0/);
    expect(text).toMatch(/sdilna_db_pool_connections\{state="total"\} [1-9]/);
  });

  it('is live at once, and ready only while a worker sends heartbeats', async () => {
    expect((await get('/api/health/live')).status).toBe(200);
    const before = await get('/api/health/ready');
    expect(before.status).toBe(503);
    const notReady = (await before.json()) as { problems: string[]; migrations: { up: boolean } };
    expect(notReady.migrations.up).toBe(true);
    expect(notReady.problems).toEqual([expect.stringContaining('no worker sent a heartbeat')]);

    let worker: TestingModule | undefined = await startInProcessWorker();
    try {
      const ready = await get('/api/health/ready');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        workers: { up: true, live: 1 },
        problems: [],
      });

      // A job run by any worker shows in the API's metrics (counted in Redis, not in the worker's memory).
      const jobId = `ping-${randomUUID()}`;
      await worker.get(JobProducer).enqueue('system.ping', { requestedAt: new Date().toISOString() }, jobId);
      await jobCompleted(worker, 'system', jobId);
      const text = await (await get('/metrics', { Authorization: `Bearer ${METRICS_TOKEN}` })).text();
      expect(text).toMatch(/sdilna_job_runs_total\{queue="system",job="system.ping",outcome="completed"\} 1/);
      expect(text).toMatch(/sdilna_workers_live 1/);
    } finally {
      await worker.close();
      worker = undefined;
    }
    // A worker that stops leaves at once: the API is not ready without one.
    expect((await get('/api/health/ready')).status).toBe(503);
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('does not exist', async () => {
    const api = await startApiProcess({ METRICS_TOKEN: '' });
    try {
      const response = await fetch(`${api.url}/metrics`, {
        headers: { Authorization: 'Bearer anything-at-all' },
      });
      expect(response.status).toBe(404);
    } finally {
      await api.stop();
    }
  });
});
