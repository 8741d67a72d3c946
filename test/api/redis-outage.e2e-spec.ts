import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { JobProducer, QUEUE_NAMES } from '@sdilna/api/util-jobs';

import { createTestApp } from '../support/create-test-app';
import { generatedExport, generatedGroup, textOf } from '../support/edc-files';
import { bearer } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { withOwner } from '../support/owner-database';
import { registerGroup, settledImport, type RegisteredGroup } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';
import { postPriceList, runPath, type RunBody } from '../support/settlement-community';

useScratchStorage('redis-outage');

/** Guards against a hang, not a benchmark: an answer that waits for Redis to come back would take minutes. */
const ANSWERS_WITHIN_MS = 10_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

/** A redis-server of this spec's own, so stopping it leaves every other spec's Redis alone. */
class ChildRedis {
  private child: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    // Even if the spec's process ends without afterAll (a hook timeout), the child does not outlive it.
    const child = this.child;
    process.once('exit', () => child.kill('SIGKILL'));
    for (let attempt = 0; !(await portAnswers(this.port)); attempt++) {
      if (attempt > 100) throw new Error(`redis-server on port ${this.port} did not start`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
  }
}

async function batchStatus(communityId: string, batchId: string): Promise<string | undefined> {
  return withOwner(async (connection) => {
    const rows = (await connection.query(
      `SELECT status FROM import_batches WHERE community_id = $1 AND id = $2`,
      [communityId, batchId],
    )) as Array<{ status: string }>;
    return rows[0]?.status;
  });
}

async function apiQueuesReconnected(app: INestApplication): Promise<void> {
  const producer = app.get(JobProducer);
  const deadline = Date.now() + 30_000;
  for (const name of QUEUE_NAMES) {
    while ((await producer.queue(name).client).status !== 'ready' && Date.now() < deadline) {
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }
}

describe('a Redis outage (issue 16, defect 5)', () => {
  let redis: ChildRedis;
  let app: INestApplication;
  let worker: TestingModule | undefined;
  let group: RegisteredGroup;
  let csv: string;

  beforeAll(async () => {
    redis = new ChildRedis(await freePort());
    await redis.start();
    // create-test-app reads the environment when the app is created; the queues get a prefix of their own.
    process.env['REDIS_URL'] = redis.url;
    process.env['QUEUE_PREFIX'] = `${process.env['QUEUE_PREFIX'] ?? 'sdilna'}-outage`;
    // No mail consumer: this spec stops Redis under the app, and sends no mail.
    app = await createTestApp({ mailWorker: false });
    const generated = generatedGroup(1, 2);
    group = await registerGroup(app, generated.points, generated.key);
    await postPriceList(app, group.community, { pricePerKwh: '3.00' });
    csv = await textOf(generatedExport(generated, '2026-06-01', '2026-06-03'));
  });

  afterAll(async () => {
    try {
      await worker?.close();
      // Closing a queue sends QUIT, which a connection still reconnecting after the outage would refuse.
      if (app) await apiQueuesReconnected(app);
      await app?.close();
    } finally {
      // whatever happened above, this spec's Redis is stopped
      await redis?.stop();
    }
  });

  const http = () => request(app.getHttpServer());

  it('answers uploads and settlement requests while Redis is down, and the worker picks the work up after', async () => {
    const community = group.community;
    await redis.stop();

    let started = Date.now();
    const uploaded = await http()
      .post(`/api/communities/${community.communityId}/imports`)
      .set(bearer(community.adminToken))
      .attach('file', Buffer.from(csv, 'utf8'), 'export.csv');
    expect(Date.now() - started).toBeLessThan(ANSWERS_WITHIN_MS);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(202);
    const batch = uploaded.body as { id: string; status: string; duplicate: boolean };
    expect(batch).toMatchObject({ status: 'queued', duplicate: false });
    expect(await batchStatus(community.communityId, batch.id)).toBe('queued');

    started = Date.now();
    const settlement = await http()
      .post(runPath(community))
      .set(bearer(community.adminToken))
      // June's upload waits for Redis too, so its data are not there yet: settled anyway on purpose
      .send({ period: '2026-06', settleAnyway: true });
    expect(Date.now() - started).toBeLessThan(ANSWERS_WITHIN_MS);
    expect(settlement.status, JSON.stringify(settlement.body)).toBe(202);
    const run = settlement.body as RunBody;
    expect(run).toMatchObject({ status: 'draft', computeStatus: 'queued' });

    // Readiness says why traffic should wait, and says it promptly.
    started = Date.now();
    const ready = await http().get('/api/health/ready');
    expect(Date.now() - started).toBeLessThan(ANSWERS_WITHIN_MS);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(ready.body)).toContain('Redis does not answer');

    // The same file again is the same batch (not a second one), and that batch is the one that gets processed.
    started = Date.now();
    const again = await http()
      .post(`/api/communities/${community.communityId}/imports`)
      .set(bearer(community.adminToken))
      .attach('file', Buffer.from(csv, 'utf8'), 'again.csv');
    expect(Date.now() - started).toBeLessThan(ANSWERS_WITHIN_MS);
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body).toMatchObject({ id: batch.id, duplicate: true });

    // Nothing reached Redis: the work exists only as rows, and no further request is made from here on.
    await redis.start();
    worker = await startInProcessWorker();

    const imported = await settledImport(app, community, batch.id);
    expect(imported.status, JSON.stringify(imported)).toBe('done');
    const deadline = Date.now() + 120_000;
    let computed: RunBody;
    for (;;) {
      const response = await http().get(runPath(community, run.id)).set(bearer(community.adminToken));
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      computed = response.body as RunBody;
      if (computed.computeStatus !== 'queued' && computed.computeStatus !== 'running') break;
      if (Date.now() > deadline) throw new Error(`run ${run.id} still ${computed.computeStatus}`);
      await new Promise((wait) => setTimeout(wait, 200));
    }
    expect(computed.computeStatus, JSON.stringify(computed)).toBe('done');
  });
});
