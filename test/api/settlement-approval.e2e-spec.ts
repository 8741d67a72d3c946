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
  approveAndFinalize,
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

  it('previews the documents finalising will issue, and the run’s totals equal their sums by kind to the haléř', async () => {
    const community = await signUp(app);
    await http()
      .put(`/api/communities/${community.communityId}/settlement-settings`)
      .set(bearer(community.adminToken))
      .send({ mode: 'community-clearing', iban: 'CZ6508000000192000145399', dueDays: 14, dic: 'CZ12345679' })
      .expect(200);
    const producer = await memberWithPoint(app, community, 'production', { name: 'FVE Na Kopci' }, '1.00');
    const jana = await memberWithPoint(
      app,
      community,
      'consumption',
      { name: 'Jana', pointLabel: 'Byt 12' },
      '4.37',
    );
    const skola = await memberWithPoint(
      app,
      community,
      'consumption',
      { name: 'Škola', vatPayer: true, pointLabel: 'Tělocvična' },
      '4.37',
    );
    const key = keyOf([
      { producer, consumer: jana, percent: 37 },
      { producer, consumer: skola, percent: 63 },
    ]);
    // odd quantities at an odd price: every line rounds, so a total computed apart from the documents would drift
    const csv = await exportWith(
      [producer, jana, skola],
      key,
      '2026-06-01',
      '2026-06-30',
      (point, date, i) =>
        point.role === 'production'
          ? i >= 36 && i < 64
            ? 173 + (Number(date.slice(8)) % 7)
            : 0
          : 47 + (i % 5),
    );
    await importMonth(app, community, key, csv);
    await postPriceList(app, community, { pricePerKwh: '2.7913', vatRatePercent: 21, sellerVatPayer: true });
    const draft = await settleDraft(app, community, '2026-06');
    expect(draft.computeStatus, JSON.stringify(draft.error)).toBe('done');

    const previewed = await http()
      .get(`${runPath(community, draft.id)}/previews`)
      .set(bearer(community.adminToken));
    expect(previewed.status, previewed.text).toBe(200);
    const preview = previewed.body as {
      documents: Array<{
        kind: string;
        sellerName: string;
        buyerName: string;
        net: string;
        vat: string;
        gross: string;
        lines: Array<{
          description: string;
          net: string;
          vat: string;
          gross: string;
          meteringPoints: string[];
        }>;
      }>;
      byKind: Array<{ kind: string; count: number; net: string; vat: string; gross: string }>;
    };
    expect(preview.documents.length).toBeGreaterThanOrEqual(3);
    // every line names its metering point
    for (const document of preview.documents)
      for (const line of document.lines) expect(line.meteringPoints.length).toBeGreaterThan(0);

    const final = await approveAndFinalize(app, community, draft.id);
    const issued = (
      await http()
        .get(`/api/communities/${community.communityId}/documents`)
        .query({ runId: draft.id })
        .set(bearer(community.adminToken))
        .expect(200)
    ).body as Array<{
      kind: string;
      sellerName: string;
      buyerName: string;
      net: string;
      vat: string;
      gross: string;
      lines: Array<{ description: string; net: string; vat: string; gross: string }>;
    }>;
    // the preview is what was issued: same documents, same amounts, same lines (numbers come at finalising)
    const shape = (documents: typeof issued) =>
      documents
        .map((document) => ({
          kind: document.kind,
          seller: document.sellerName,
          buyer: document.buyerName,
          net: document.net,
          vat: document.vat,
          gross: document.gross,
          lines: document.lines.map((line) => [line.description, line.net, line.vat, line.gross]),
        }))
        .sort((a, b) => `${a.kind}${a.seller}${a.buyer}`.localeCompare(`${b.kind}${b.seller}${b.buyer}`));
    expect(shape(preview.documents)).toEqual(shape(issued));

    // the run's totals are the sums of its documents by kind, to the haléř
    const halere = (text: string) => Math.round(Number(text) * 100);
    const netOf = (kinds: string[]) =>
      issued.filter((document) => kinds.includes(document.kind)).reduce((sum, d) => sum + halere(d.net), 0);
    expect(netOf(['invoice'])).toBe(halere(final.totals.consumersPay));
    expect(netOf(['self-billed-invoice', 'self-billed-credit-note'])).toBe(
      halere(final.totals.producersReceive),
    );
    for (const sum of preview.byKind) {
      const ofKind = issued.filter((document) => document.kind === sum.kind);
      expect(sum.count).toBe(ofKind.length);
      expect(halere(sum.gross)).toBe(ofKind.reduce((total, d) => total + halere(d.gross), 0));
    }
    // a final run has issued documents, not previews
    const after = await http()
      .get(`${runPath(community, draft.id)}/previews`)
      .set(bearer(community.adminToken));
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('SETTLEMENT_FINAL');
  });

  it('documents the suggested period, the previews, settleAnyway and SETTLEMENT_DATA_INCOMPLETE in OpenAPI', async () => {
    const response = await http().get('/api/docs/openapi.json').expect(200);
    const paths = response.body.paths as Record<string, Record<string, unknown>>;
    expect(paths).toHaveProperty(['/api/communities/{communityId}/settlements/suggested-period', 'get']);
    expect(paths).toHaveProperty(['/api/communities/{communityId}/settlements/{runId}/previews', 'get']);
    const post = JSON.stringify(paths['/api/communities/{communityId}/settlements']?.['post']);
    expect(post).toContain('SETTLEMENT_DATA_INCOMPLETE');
    expect(JSON.stringify(response.body.components.schemas.RequestSettlementDto)).toContain('settleAnyway');
  });
});
