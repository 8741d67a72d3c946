import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { daysInRange } from '@sdilna/shared/domain-core';

import { createTestApp } from '../support/create-test-app';
import { bearer, signUp, type TestCommunity } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { settledImport, upload } from '../support/readings-community';
import {
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  runPath,
  settleDraft,
  type RunBody,
  type SettlementPoint,
} from '../support/settlement-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('settlement-approval');

/** Issue 18 item 2: the month to settle is one whose data are complete; an incomplete month only on purpose. */
describe('settling only months whose data are complete (issue 18 item 2)', () => {
  let app: INestApplication;
  let worker: TestingModule;

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startInProcessWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const http = () => request(app.getHttpServer());

  /** June complete (EDC's monthly data of the whole month); May: a daily (preliminary) export of 1–20 May only. */
  async function juneCompleteMayPartial(): Promise<{
    community: TestCommunity;
    producer: SettlementPoint;
    consumer: SettlementPoint;
  }> {
    const community = await signUp(app);
    const producer = await memberWithPoint(app, community, 'production', { pointLabel: 'FVE školy' }, '1.00');
    const consumer = await memberWithPoint(app, community, 'consumption', { pointLabel: 'Úřad' }, '4.00');
    const key = keyOf([{ producer, consumer, percent: 100 }]);
    const measured = (_point: SettlementPoint, _date: string, interval: number) =>
      interval === 48 ? 1_000 : 0;
    await importMonth(
      app,
      community,
      key,
      await exportWith([producer, consumer], key, '2026-06-01', '2026-06-30', measured),
    );
    const may = await upload(
      app,
      community,
      await exportWith([producer, consumer], key, '2026-05-01', '2026-05-20', measured),
      'may.csv',
    );
    expect((await settledImport(app, community, may.id)).status).toBe('done');
    await postPriceList(app, community, { pricePerKwh: '3.00', validFrom: '2026-01-01' });
    return { community, producer, consumer };
  }

  async function suggested(community: TestCommunity): Promise<{ period?: string; hasRun: boolean }> {
    const response = await http()
      .get(`${runPath(community)}/suggested-period`)
      .set(bearer(community.adminToken));
    expect(response.status, response.text).toBe(200);
    return response.body as { period?: string; hasRun: boolean };
  }

  it('suggests the newest month whose data are complete, not the current month nor a partial one', async () => {
    const { community } = await juneCompleteMayPartial();
    // July to November have no data at all, May only partly: June is the newest complete month
    expect(await suggested(community)).toEqual({ period: '2026-06', hasRun: false });
    await settleDraft(app, community, '2026-06');
    expect(await suggested(community)).toEqual({ period: '2026-06', hasRun: true });
    // a community without points has nothing to suggest
    expect(await suggested(await signUp(app))).toEqual({ hasRun: false });
  });

  it('refuses a month with preliminary and missing days, naming points and days, and stores nothing', async () => {
    const { community, producer, consumer } = await juneCompleteMayPartial();
    const refused = await http()
      .post(runPath(community))
      .set(bearer(community.adminToken))
      .send({ period: '2026-05' });
    expect(refused.status, refused.text).toBe(409);
    const missing = daysInRange('2026-05-21', '2026-05-31');
    const preliminary = daysInRange('2026-05-01', '2026-05-20');
    expect(refused.body.error).toMatchObject({
      code: 'SETTLEMENT_DATA_INCOMPLETE',
      message: expect.stringMatching(
        /^2026-05 has EDC data missing or preliminary for 2 of 2 metering points/,
      ),
      details: { period: '2026-05', pointCount: 2, dayCount: 31 },
    });
    const points = (refused.body.error.details.points as Array<{ ean: string }>).sort((a, b) =>
      a.ean.localeCompare(b.ean),
    );
    expect(points).toEqual(
      [
        { ean: producer.ean, label: 'FVE školy', missingDays: missing, preliminaryDays: preliminary },
        { ean: consumer.ean, label: 'Úřad', missingDays: missing, preliminaryDays: preliminary },
      ].sort((a, b) => a.ean.localeCompare(b.ean)),
    );
    const runs = await http().get(runPath(community)).set(bearer(community.adminToken)).expect(200);
    expect(runs.body).toEqual([]);
    // a month without any data is refused too: every day of every point is missing
    const empty = await http()
      .post(runPath(community))
      .set(bearer(community.adminToken))
      .send({ period: '2026-09' });
    expect(empty.status).toBe(409);
    expect(empty.body.error.details).toMatchObject({ pointCount: 2, dayCount: 30 });
  });

  it('settles an incomplete month anyway only when asked, keeping the accepted gaps on the run and in the audit log', async () => {
    const { community, consumer } = await juneCompleteMayPartial();
    const run: RunBody = await settleDraft(app, community, '2026-05', { settleAnyway: true });
    expect(run.computeStatus, JSON.stringify(run.error)).toBe('done');
    expect(run.settledAnyway).toHaveLength(2);
    expect(run.settledAnyway).toEqual(
      expect.arrayContaining([
        {
          ean: consumer.ean,
          label: 'Úřad',
          missingDays: daysInRange('2026-05-21', '2026-05-31'),
          preliminaryDays: daysInRange('2026-05-01', '2026-05-20'),
        },
      ]),
    );
    const listed = await http().get(runPath(community)).set(bearer(community.adminToken)).expect(200);
    expect((listed.body as RunBody[])[0]?.settledAnyway).toHaveLength(2);
    const audit = await http()
      .get(`/api/communities/${community.communityId}/audit-log`)
      .query({ entity: 'settlement-run', entityId: run.id })
      .set(bearer(community.adminToken))
      .expect(200);
    const created = (audit.body.items as Array<{ action: string; after: Record<string, unknown> }>).find(
      (item) => item.action === 'create',
    );
    expect(created?.after).toMatchObject({
      period: '2026-05',
      settleAnyway: true,
      acceptedGaps: expect.arrayContaining([expect.objectContaining({ ean: consumer.ean })]),
    });
    // a complete month carries no such mark
    const june = await settleDraft(app, community, '2026-06');
    expect(june.computeStatus).toBe('done');
    expect(june).not.toHaveProperty('settledAnyway');
  });

  it('documents the suggested period, settleAnyway and SETTLEMENT_DATA_INCOMPLETE in OpenAPI', async () => {
    const response = await http().get('/api/docs/openapi.json').expect(200);
    const paths = response.body.paths as Record<string, Record<string, unknown>>;
    expect(paths).toHaveProperty(['/api/communities/{communityId}/settlements/suggested-period', 'get']);
    const post = JSON.stringify(paths['/api/communities/{communityId}/settlements']?.['post']);
    expect(post).toContain('SETTLEMENT_DATA_INCOMPLETE');
    expect(JSON.stringify(response.body.components.schemas.RequestSettlementDto)).toContain('settleAnyway');
  });
});
