import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CompletenessService } from '@sdilna/api/feature-sharing';
import { settleJobId } from '@sdilna/api/feature-settlements';
import { JobProducer } from '@sdilna/api/util-jobs';
import {
  allocateEdcDay,
  edcDayWithComputedOut,
  parseKeyFile,
  planEdcAllocation,
  type KeyFile,
} from '@sdilna/shared/domain-allocation';
import { daysInRange } from '@sdilna/shared/domain-core';
import {
  createEdcDayBlock,
  writeEdcStandardExport,
  type EdcDayBlock,
  type EdcPoint,
} from '@sdilna/shared/domain-edc';

import { createTestApp } from '../support/create-test-app';
import { textOf } from '../support/edc-files';
import { bearer, uniqueEan, type TestCommunity } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { MailCatcher } from '../support/mail-catcher';
import { withOwner } from '../support/owner-database';
import { registerGroup, settledImport, upload } from '../support/readings-community';
import { postPriceList, runPath, type RunBody } from '../support/settlement-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('settlement-schedule');

/**
 * February 2025, a month no other test settles: the job that runs in March prepares it. The completeness check
 * is asked about the day before 1 March, as if it ran that night.
 */
const PERIOD = '2025-02';
const FROM = '2025-02-01';
const TO = '2025-02-28';
const CHECKED_AT = Date.parse('2025-03-01T03:00:00Z');
const JOB_RUNS_AT = '2025-03-12T12:30:00.000Z';

interface Month {
  readonly community: TestCommunity;
}
/**
 * A producer and a consumer (100 % key) with every interval measured: 1 kWh exported and 0.5 kWh imported in
 * each quarter hour. `lastDay` ends the file early (missing days); `preliminaryDay` leaves EDC's OUT empty on a day
 * (measured, not yet evaluated).
 */
async function monthOfData(
  app: INestApplication,
  options: { lastDay?: string; preliminaryDay?: string } = {},
): Promise<Month> {
  const points: EdcPoint[] = [
    { ean: uniqueEan(), role: 'production' },
    { ean: uniqueEan(), role: 'consumption' },
  ];
  const key: KeyFile = {
    method: 'static-iterative',
    allocations: [{ producer: points[0]!.ean, consumer: points[1]!.ean, percent: 100, priority: 1 }],
  };
  const group = await registerGroup(app, points, key, { validFrom: FROM });
  const plan = planEdcAllocation(parseKeyFile(key), points, 'energy-community');
  function* days(): Generator<EdcDayBlock> {
    for (const date of daysInRange(FROM, options.lastDay ?? TO)) {
      const day = createEdcDayBlock(date, points.length);
      const count = day.intervalCount;
      for (let i = 0; i < count; i++) {
        day.inValues[i] = 100;
        day.inValues[count + i] = -50;
        day.inPresent[i] = 1;
        day.inPresent[count + i] = 1;
      }
      const evaluated = edcDayWithComputedOut(plan, day, allocateEdcDay(plan, day).result);
      if (date === options.preliminaryDay) evaluated.outPresent.fill(0);
      yield evaluated;
    }
  }
  // Stated as EDC's monthly calculation: the day without data or without OUT is then the only day not final (an
  // inferred calculation would make the whole file preliminary).
  const accepted = await upload(
    app,
    group.community,
    await textOf(writeEdcStandardExport(points, days())),
    'export.csv',
    { calculation: 'monthly' },
  );
  const done = await settledImport(app, group.community, accepted.id);
  expect(done.status, JSON.stringify(done)).toBe('done');
  await postPriceList(app, group.community, { validFrom: '2025-01-01', pricePerKwh: '3.00' });
  return { community: group.community };
}

describe('the monthly settlement schedule', () => {
  let app: INestApplication;
  let worker: TestingModule;
  const mail = new MailCatcher();
  let jobCount = 0;

  beforeAll(async () => {
    process.env['SMTP_URL'] = await mail.start();
    app = await createTestApp();
    worker = await startInProcessWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await mail.stop();
  });

  /** Adds a job to the settlements queue as the scheduler would and waits until the worker has finished it. */
  async function completed(jobId: string, timeoutMs = 120_000): Promise<unknown> {
    const queue = worker.get(JobProducer).queue('settlements');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await queue.getJob(jobId);
      const state = job === undefined ? 'missing' : await job.getState();
      if (state === 'completed') return job?.returnvalue;
      if (state === 'failed') throw new Error(`job ${jobId} failed: ${job?.failedReason ?? ''}`);
      if (Date.now() > deadline) throw new Error(`job ${jobId} is ${state} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function runDailyJob(): Promise<{ prepared: string[] }> {
    const jobId = `prepare-monthly-test-${process.pid}-${++jobCount}`;
    await worker.get(JobProducer).enqueue('settlements.prepare-monthly', { requestedAt: JOB_RUNS_AT }, jobId);
    return (await completed(jobId)) as { prepared: string[] };
  }

  async function runs(community: TestCommunity): Promise<RunBody[]> {
    const response = await request(app.getHttpServer())
      .get(runPath(community))
      .set(bearer(community.adminToken));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return (response.body as RunBody[]).filter((run) => run.period === PERIOD);
  }

  function mailsTo(community: TestCommunity) {
    return mail.messages.filter((message) => message.to.includes(community.adminEmail));
  }

  it('prepares one draft of last month when every day is complete and final, mails the admin once, never finalises', async () => {
    const complete = await monthOfData(app);
    // Its administrator uses the English portal: the notice is in English (users.language; Czech is unit-tested).
    await withOwner((owner) =>
      owner.query(`UPDATE users SET language = 'en' WHERE email = $1`, [complete.community.adminEmail]),
    );
    const missingDay = await monthOfData(app, { lastDay: '2025-02-27' });
    const preliminary = await monthOfData(app, { preliminaryDay: '2025-02-14' });

    // the nightly completeness check of 1 March records the state of every February day
    await worker.get(CompletenessService).check(28, CHECKED_AT);
    const states = (await withOwner((owner) =>
      owner.query(
        `SELECT community_id AS id,
                count(*) FILTER (WHERE preliminary = 0 AND partial = 0 AND missing = 0 AND complete > 0)::int AS final
           FROM completeness_checks WHERE day BETWEEN $1::date AND $2::date AND community_id = ANY($3::uuid[])
          GROUP BY community_id`,
        [FROM, TO, [complete, missingDay, preliminary].map((month) => month.community.communityId)],
      ),
    )) as Array<{ id: string; final: number }>;
    const finalDays = new Map(states.map((row) => [row.id, row.final]));
    expect(finalDays.get(complete.community.communityId)).toBe(28);
    expect(finalDays.get(missingDay.community.communityId)).toBe(27);
    expect(finalDays.get(preliminary.community.communityId)).toBe(27);

    const first = await runDailyJob();
    expect(first.prepared).toContain(complete.community.communityId);
    expect(first.prepared).not.toContain(missingDay.community.communityId);
    expect(first.prepared).not.toContain(preliminary.community.communityId);
    await completed(settleJobId(complete.community.communityId, PERIOD));

    const [draft, ...others] = await runs(complete.community);
    expect(others).toEqual([]);
    expect(draft).toMatchObject({ status: 'draft', computeStatus: 'done', period: PERIOD });
    // 28 days × 96 intervals × 0.5 kWh at 3.00 Kč/kWh
    expect(draft?.totals).toMatchObject({ sharedKwh: 1_344, consumersPay: '4032.00' });

    const sent = mailsTo(complete.community);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain(`The draft settlement of ${PERIOD} for`);
    expect(sent[0]?.text).toContain('is ready for your review');
    expect(sent[0]?.text).toContain(`/admin/${complete.community.communityId}/settlements`);
    expect(sent[0]?.text).toContain('Nothing is issued until you finalise it.');

    // incomplete months: nothing prepared, nobody mailed
    for (const month of [missingDay, preliminary]) {
      expect(await runs(month.community)).toEqual([]);
      expect(mailsTo(month.community)).toEqual([]);
    }

    // the next day's run finds the draft: still one draft, no second mail, nothing approved or issued
    const second = await runDailyJob();
    expect(second.prepared).not.toContain(complete.community.communityId);
    const after = await runs(complete.community);
    expect(after.map((run) => [run.id, run.status])).toEqual([[draft?.id, 'draft']]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo(complete.community)).toHaveLength(1);
    const documents = await request(app.getHttpServer())
      .get(`/api/communities/${complete.community.communityId}/documents`)
      .set(bearer(complete.community.adminToken));
    expect(documents.status).toBe(200);
    expect(documents.body).toEqual([]);
  });
});
