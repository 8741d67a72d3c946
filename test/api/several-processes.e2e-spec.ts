import { randomUUID } from 'node:crypto';

import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { JOB_NAMES, QUEUE_NAMES, redisConnectionFromUrl, type QueueName } from '@sdilna/api/util-jobs';
import { readJobRunTotals } from '@sdilna/api/util-observability';

import { generatedExport, generatedGroup, textOf } from '../support/edc-files';
import { bearer } from '../support/factories';
import { MailCatcher } from '../support/mail-catcher';
import { withOwner } from '../support/owner-database';
import { importOf, registerGroup, settledImport, upload } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';
import { postPriceList, runPath, type RunBody } from '../support/settlement-community';
import { startApiProcess, startServiceProcess, type ServiceProcess } from '../support/service-process';

const storage = useScratchStorage('several-processes');

/** The support helpers take an app; supertest reaches a running process by its URL just as well. */
function remote(url: string): INestApplication {
  return { getHttpServer: () => url } as unknown as INestApplication;
}

/**
 * Two API processes and two workers, started as in production, on one database, one Redis and one upload folder
 * (a shared volume in production). A queue prefix of its own keeps other specs' jobs and metrics out.
 */
describe('two API processes and two workers on one database and Redis', () => {
  const prefix = `multi_${randomUUID().slice(0, 8)}`;
  const mail = new MailCatcher();
  const apis: Array<ServiceProcess & { url: string }> = [];
  const workers: ServiceProcess[] = [];
  const queues = new Map<QueueName, Queue>();
  let redis: Redis;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    env = {
      QUEUE_PREFIX: prefix,
      SMTP_URL: await mail.start(),
      UPLOAD_DIR: storage.uploadDir,
      INBOX_DIR: storage.inboxDir,
    };
    const started = await Promise.all([
      startApiProcess(env),
      startApiProcess(env),
      startServiceProcess('worker', env),
      startServiceProcess('worker', env),
    ]);
    apis.push(started[0] as ServiceProcess & { url: string }, started[1] as ServiceProcess & { url: string });
    workers.push(started[2], started[3]);
    const connection = redisConnectionFromUrl(process.env['REDIS_URL'] ?? '');
    for (const name of QUEUE_NAMES) queues.set(name, new Queue(name, { connection, prefix }));
    redis = new Redis(process.env['REDIS_URL'] ?? '');
  });

  afterAll(async () => {
    await Promise.all([...apis, ...workers].map((service) => service.stop()));
    await Promise.all([...queues.values()].map((queue) => queue.close()));
    redis?.disconnect();
    await mail.stop();
  });

  const urlOf = (index: number): string => apis[index]?.url ?? '';
  const [a, b] = [() => remote(urlOf(0)), () => remote(urlOf(1))];

  async function jobRuns(job: string): Promise<number> {
    const totals = await readJobRunTotals(redis, prefix);
    return totals.filter((total) => total.job === job).reduce((sum, total) => sum + total.completed, 0);
  }

  it('keeps exactly one schedule of each kind, however many workers started', async () => {
    const schedulers = (
      await Promise.all([...queues.values()].map((queue) => queue.getJobSchedulers(0, -1)))
    ).flat();
    const ids = schedulers.map((scheduler) => scheduler.key);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(new Set(ids).size).toBe(ids.length);
    for (const scheduler of schedulers) expect(JOB_NAMES).toContain(scheduler.name);
  });

  it('imports uploads made through either API once each and settles a month through either API', async () => {
    const model = generatedGroup(1, 6);
    const group = await registerGroup(a(), model.points, model.key, { validFrom: '2026-02-01' });
    const community = group.community;
    const march = await upload(
      a(),
      community,
      await textOf(generatedExport(model, '2026-03-01', '2026-03-31', 3)),
    );
    const april = await upload(
      b(),
      community,
      await textOf(generatedExport(model, '2026-04-01', '2026-04-30', 4)),
    );
    expect((await settledImport(b(), community, march.id)).status).toBe('done');
    expect((await settledImport(a(), community, april.id)).status).toBe('done');
    await expect.poll(() => jobRuns('imports.import'), { timeout: 10_000 }).toBe(2);

    await postPriceList(b(), community, { pricePerKwh: '3.00', validFrom: '2026-02-01' });
    const accepted = await request(urlOf(1))
      .post(runPath(community))
      .set(bearer(community.adminToken))
      .send({ period: '2026-04' })
      .expect(202);
    const runId = (accepted.body as { id: string }).id;
    let run: RunBody | undefined;
    await expect
      .poll(
        async () => {
          run = (await request(urlOf(0)).get(runPath(community, runId)).set(bearer(community.adminToken)))
            .body as RunBody;
          return run.computeStatus;
        },
        { timeout: 120_000, interval: 500 },
      )
      .toBe('done');
    await request(urlOf(0))
      .post(`${runPath(community, runId)}/approve`)
      .set(bearer(community.adminToken))
      .expect(200);
    await request(urlOf(1))
      .post(`${runPath(community, runId)}/finalize`)
      .set(bearer(community.adminToken))
      .expect(200);
    const documents = (
      await request(urlOf(0))
        .get(`/api/communities/${community.communityId}/documents`)
        .set(bearer(community.adminToken))
        .expect(200)
    ).body as Array<{ number: string }>;
    expect(documents.length).toBeGreaterThan(1);
    expect(new Set(documents.map((document) => document.number)).size).toBe(documents.length);
  });

  it('prepares one draft and sends one mail when both workers run the daily job at the same moment', async () => {
    const model = generatedGroup(1, 3);
    const group = await registerGroup(a(), model.points, model.key, { validFrom: '2024-12-01' });
    const community = group.community;
    const january = await upload(
      b(),
      community,
      await textOf(generatedExport(model, '2025-01-01', '2025-01-31', 5)),
    );
    expect((await settledImport(a(), community, january.id)).status).toBe('done');
    await postPriceList(a(), community, { pricePerKwh: '3.00', validFrom: '2024-12-01' });
    // The nightly completeness check found every day of January complete and final (as it would in February).
    await withOwner((owner) =>
      owner.query(
        `INSERT INTO completeness_checks (community_id, day, complete, preliminary, partial, missing, checked_at)
         SELECT $1::uuid, d::date, 4, 0, 0, 0, now()
           FROM generate_series('2025-01-01'::date, '2025-01-31'::date, interval '1 day') AS d`,
        [community.communityId],
      ),
    );

    // Two ticks of the schedule at once (two jobs, so that both workers can take one).
    const settlements = queues.get('settlements') as Queue;
    const jobs = await Promise.all(
      [1, 2].map((n) =>
        settlements.add(
          'settlements.prepare-monthly',
          { requestedAt: '2025-02-12T12:30:00.000Z' },
          { jobId: `prepare-twice-${n}-${prefix}` },
        ),
      ),
    );
    for (const job of jobs) {
      await expect
        .poll(async () => settlements.getJobState(job.id ?? ''), { timeout: 120_000 })
        .toBe('completed');
    }
    const runs = (
      await request(urlOf(1)).get(runPath(community)).set(bearer(community.adminToken)).expect(200)
    ).body as RunBody[];
    expect(runs.filter((run) => run.period === '2025-01')).toHaveLength(1);
    // The draft's mail arrives (however loaded the machine), and once no mail job is left to run, it came once.
    const toAdmin = () => mail.messages.filter((message) => message.to.includes(community.adminEmail));
    await expect.poll(() => toAdmin().length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    const mailQueue = queues.get('mail') as Queue;
    await expect
      .poll(
        async () => {
          const counts = await mailQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
          return Object.values(counts).reduce((sum, n) => sum + n, 0);
        },
        { timeout: 60_000 },
      )
      .toBe(0);
    expect(toAdmin()).toHaveLength(1);
  });

  it('finishes an import on the other worker when the one running it is killed, leaving nothing half-done', async () => {
    const model = generatedGroup(4, 196);
    const group = await registerGroup(a(), model.points, model.key, { validFrom: '2026-01-01' });
    const community = group.community;
    const csv = await textOf(generatedExport(model, '2026-05-01', '2026-05-31', 9));
    const accepted = await upload(a(), community, csv, 'large.csv');
    const imports = queues.get('imports') as Queue;
    // Wait until a worker has taken the job and is writing days, then kill exactly that process.
    let victim: ServiceProcess | undefined;
    await expect
      .poll(
        async () => {
          const job = (await imports.getJobs(['active'])).find(
            (candidate) => candidate.data?.batchId === accepted.id,
          );
          const pid = Number(job?.processedBy?.split(':').pop());
          victim = workers.find((worker) => worker.child.pid === pid);
          const body = await importOf(a(), community, accepted.id);
          return victim !== undefined && body.status === 'running' ? 'running' : body.status;
        },
        { timeout: 120_000, interval: 50 },
      )
      .toBe('running');
    victim?.child.kill('SIGKILL');
    const survivor = workers.find((worker) => worker !== victim);
    expect(survivor).toBeDefined();

    // Until the survivor takes over, the half-written import is invisible: no day of May is stored.
    const storedDays = async () =>
      (
        (await withOwner((owner) =>
          owner.query(
            `SELECT count(DISTINCT day)::int AS days FROM readings WHERE community_id = $1 AND series = 1`,
            [community.communityId],
          ),
        )) as Array<{ days: number }>
      )[0]?.days ?? 0;
    const status = (await importOf(a(), community, accepted.id)).status;
    if (status !== 'done') expect(await storedDays()).toBe(0);

    const done = await settledImport(b(), community, accepted.id, 180_000);
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    expect(done.counts).toMatchObject({ points: 200, days: 31 });
    expect(await storedDays()).toBe(31);
    workers.splice(workers.indexOf(victim as ServiceProcess), 1);
  });
});
