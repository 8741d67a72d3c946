import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { recomputeAfterImportJobId } from '@sdilna/api/feature-imports';
import type { KeyFile } from '@sdilna/shared/domain-allocation';

import { createTestApp } from '../support/create-test-app';
import { bearer, create, createMember, signUp, type TestCommunity } from '../support/factories';
import { jobCompleted, startInProcessWorker } from '../support/in-process-worker';
import { withOwner } from '../support/owner-database';
import { settledImport, upload } from '../support/readings-community';
import {
  approveAndFinalize,
  exportWith,
  memberWithPoint,
  postPriceList,
  settleDraft,
  type SettlementPoint,
} from '../support/settlement-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('periods');

/** 12:00–12:15 */
const NOON = 48;

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Issue 17, items 1 and 2: every dated input can be ended, followed and scheduled ahead; only real overlaps and
 * changes to months with final documents are refused; a change recomputes exactly the months it touches.
 */
describe('periods and recompute of what a change touches', () => {
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
  const path = (community: TestCommunity, rest: string) =>
    `/api/communities/${community.communityId}/${rest}`;
  const patch = (community: TestCommunity, rest: string, body: object) =>
    http().patch(path(community, rest)).set(bearer(community.adminToken)).send(body);
  const post = (community: TestCommunity, rest: string, body: object) =>
    http().post(path(community, rest)).set(bearer(community.adminToken)).send(body);
  const get = (community: TestCommunity, rest: string) =>
    http().get(path(community, rest)).set(bearer(community.adminToken));

  function code(response: request.Response): string {
    return (response.body as ErrorBody).error?.code;
  }

  it('ends a price list, follows it the next day, schedules one ahead; refuses a real overlap and a bad period', async () => {
    const community = await signUp(app);
    const first = await postPriceList(app, community, { name: 'Ceník 2026', pricePerKwh: '3.00' });

    // the next list while the first is open-ended: a real overlap, named
    const overlap = await post(community, 'price-lists', {
      name: 'Ceník od 15. 5.',
      validFrom: '2026-05-15',
      pricePerKwh: '4.00',
      sellerVatPayer: false,
    });
    expect(overlap.status, JSON.stringify(overlap.body)).toBe(409);
    expect(code(overlap)).toBe('PRICE_LIST_OVERLAP');
    expect(JSON.stringify(overlap.body)).toContain(first.id);

    const ended = await patch(community, `price-lists/${first.id}`, { validTo: '2026-05-14' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ id: first.id, validTo: '2026-05-14' });
    const next = await post(community, 'price-lists', {
      name: 'Ceník od 15. 5.',
      validFrom: '2026-05-15',
      validTo: '2026-12-31',
      pricePerKwh: '4.00',
      sellerVatPayer: false,
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const ahead = await post(community, 'price-lists', {
      name: 'Ceník 2027',
      validFrom: '2027-01-01',
      pricePerKwh: '4.50',
      sellerVatPayer: false,
    });
    expect(ahead.status, JSON.stringify(ahead.body)).toBe(201);

    // a period ending before it starts: 422, nothing changed
    const bad = await patch(community, `price-lists/${first.id}`, { validTo: '2025-12-31' });
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    expect(code(bad)).toBe('INVALID_PERIOD');
    expect((bad.body as ErrorBody).error.message).toContain('2025-12-31');
    // moving the end into the next list: a real overlap
    const longer = await patch(community, `price-lists/${first.id}`, { validTo: '2026-05-15' });
    expect(longer.status, JSON.stringify(longer.body)).toBe(409);
    expect(code(longer)).toBe('PRICE_LIST_OVERLAP');
    const badNew = await post(community, 'price-lists', {
      validFrom: '2028-02-01',
      validTo: '2028-01-31',
      pricePerKwh: '1.00',
      sellerVatPayer: false,
    });
    expect(badNew.status, JSON.stringify(badNew.body)).toBe(422);
    expect(code(badNew)).toBe('INVALID_PERIOD');

    const history = await get(community, 'price-lists').expect(200);
    expect(
      (history.body as Array<{ validFrom: string; validTo?: string; pricePerKwh: string }>).map((list) => [
        list.validFrom,
        list.validTo ?? null,
        list.pricePerKwh,
      ]),
    ).toEqual([
      ['2026-01-01', '2026-05-14', '3.00'],
      ['2026-05-15', '2026-12-31', '4.00'],
      ['2027-01-01', null, '4.50'],
    ]);
  });

  it("ends a point's supplier price and follows it; refuses an overlap and a bad period", async () => {
    const community = await signUp(app);
    const office = await memberWithPoint(app, community, 'consumption', { name: 'Úřad' }, '6.50');
    const prices = (await get(community, `metering-points/${office.pointId}/prices`).expect(200))
      .body as Array<{
      id: string;
    }>;
    const [current] = prices as [{ id: string }];
    const nextPrice = { kind: 'supplier-energy', pricePerKwh: '7.10', validFrom: '2026-06-01' };
    const overlap = await post(community, `metering-points/${office.pointId}/prices`, nextPrice);
    expect(overlap.status, JSON.stringify(overlap.body)).toBe(409);
    expect(code(overlap)).toBe('PRICE_PERIOD_OVERLAP');

    const bad = await patch(community, `metering-points/${office.pointId}/prices/${current.id}`, {
      validTo: '2025-06-30',
    });
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    expect(code(bad)).toBe('INVALID_PERIOD');

    const ended = await patch(community, `metering-points/${office.pointId}/prices/${current.id}`, {
      validTo: '2026-05-31',
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const followed = await post(community, `metering-points/${office.pointId}/prices`, nextPrice);
    expect(followed.status, JSON.stringify(followed.body)).toBe(201);
    const history = (await get(community, `metering-points/${office.pointId}/prices`).expect(200))
      .body as Array<{
      validFrom: string;
      validTo: string | null;
      pricePerKwh: string;
    }>;
    expect(history.map((price) => [price.validFrom, price.validTo, price.pricePerKwh])).toEqual([
      ['2026-01-01', '2026-05-31', '6.50'],
      ['2026-06-01', null, '7.10'],
    ]);
  });

  it("moves a point to another member and another group from a day on, and lists the point's history", async () => {
    const community = await signUp(app);
    const office = await memberWithPoint(app, community, 'consumption', { name: 'Úřad' });
    const school = await createMember(app, community, { name: 'Škola' });
    const group = await create<{ id: string }>(app, community, 'sharing-groups', { name: 'Druhá skupina' });

    const outside = await post(community, `metering-points/${office.pointId}/successor`, {
      validFrom: '2026-01-01',
      memberId: school.id,
    });
    expect(outside.status, JSON.stringify(outside.body)).toBe(422);
    expect(code(outside)).toBe('SUCCESSOR_OUTSIDE_PERIOD');

    const toSchool = await post(community, `metering-points/${office.pointId}/successor`, {
      validFrom: '2026-06-01',
      memberId: school.id,
    });
    expect(toSchool.status, JSON.stringify(toSchool.body)).toBe(201);
    const schoolPeriod = toSchool.body as { id: string };
    const toGroup = await post(community, `metering-points/${schoolPeriod.id}/successor`, {
      validFrom: '2026-09-01',
      sharingGroupId: group.id,
    });
    expect(toGroup.status, JSON.stringify(toGroup.body)).toBe(201);
    const lastPeriod = toGroup.body as { id: string };
    // ended in the new group at the end of the year; a bad end changes nothing
    const bad = await patch(community, `metering-points/${lastPeriod.id}`, { validTo: '2026-08-31' });
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    expect(code(bad)).toBe('INVALID_PERIOD');
    await patch(community, `metering-points/${lastPeriod.id}`, { validTo: '2026-12-31' }).expect(200);

    const history = (await get(community, `metering-points/${office.pointId}/history`).expect(200))
      .body as Array<{
      ean: string;
      memberId: string;
      sharingGroupId: string;
      validFrom: string;
      validTo: string | null;
    }>;
    expect(history.map((p) => [p.validFrom, p.validTo, p.memberId, p.sharingGroupId])).toEqual([
      ['2026-01-01', '2026-05-31', office.memberId, community.groupId],
      ['2026-06-01', '2026-08-31', school.id, community.groupId],
      ['2026-09-01', '2026-12-31', school.id, group.id],
    ]);
    expect(new Set(history.map((p) => p.ean))).toEqual(new Set([office.ean]));
  });

  it('ends a key version and follows it the next day; refuses a real overlap and a bad period', async () => {
    const community = await signUp(app);
    const pv = await memberWithPoint(app, community, 'production', { name: 'FVE' });
    const office = await memberWithPoint(app, community, 'consumption', { name: 'Úřad' });
    const key = (percent: number): KeyFile => ({
      method: 'static',
      allocations: [{ producer: pv.ean, consumer: office.ean, percent }],
    });
    const first = await create(app, community, 'allocation-keys', {
      ...key(50),
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    });
    const overlap = await post(community, 'allocation-keys', { ...key(60), validFrom: '2026-05-01' });
    expect(overlap.status, JSON.stringify(overlap.body)).toBe(409);
    expect(code(overlap)).toBe('KEY_PERIOD_OVERLAP');

    await patch(community, `allocation-keys/${first.id}`, { validTo: '2026-04-30' }).expect(200);
    const next = await post(community, 'allocation-keys', { ...key(60), validFrom: '2026-05-01' });
    expect(next.status, JSON.stringify(next.body)).toBe(201);

    const longer = await patch(community, `allocation-keys/${first.id}`, { validTo: '2026-05-01' });
    expect(longer.status, JSON.stringify(longer.body)).toBe(409);
    expect(code(longer)).toBe('KEY_PERIOD_OVERLAP');
    const bad = await patch(community, `allocation-keys/${first.id}`, { validTo: '2025-12-31' });
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    expect(code(bad)).toBe('INVALID_PERIOD');
    const missing = await patch(community, `allocation-keys/${first.id}`, {});
    expect(missing.status, JSON.stringify(missing.body)).toBe(400);

    const history = (await get(community, `allocation-keys?sharingGroupId=${community.groupId}`).expect(200))
      .body as { items: Array<{ validFrom: string; validTo: string | null }> };
    expect(history.items.map((k) => [k.validFrom, k.validTo])).toEqual([
      ['2026-05-01', null],
      ['2026-01-01', '2026-04-30'],
    ]);
  });

  it("ends a group's request for iteration and follows it; refuses reaching the next period and a bad period", async () => {
    const community = await signUp(app);
    const iteration = `sharing-groups/${community.groupId}/iteration`;
    await http()
      .put(path(community, iteration))
      .set(bearer(community.adminToken))
      .send({ requested: true, validFrom: '2026-01-01' })
      .expect(200);
    const ended = await patch(community, `${iteration}/2026-01-01`, { validTo: '2026-03-31' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    await http()
      .put(path(community, iteration))
      .set(bearer(community.adminToken))
      .send({ requested: false, validFrom: '2026-04-01' })
      .expect(200);
    const reaching = await patch(community, `${iteration}/2026-01-01`, { validTo: '2026-04-05' });
    expect(reaching.status, JSON.stringify(reaching.body)).toBe(409);
    expect(code(reaching)).toBe('ITERATION_PERIOD_CONFLICT');
    const bad = await patch(community, `${iteration}/2026-01-01`, { validTo: '2025-12-31' });
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    expect(code(bad)).toBe('INVALID_PERIOD');
    await patch(community, `${iteration}/2026-02-02`, { validTo: '2026-03-31' }).expect(404);

    const view = (await get(community, iteration).expect(200)).body as {
      periods: Array<{ validFrom: string; validTo: string | null; requested: boolean }>;
    };
    expect(view.periods).toEqual([
      { validFrom: '2026-01-01', validTo: '2026-03-31', requested: true },
      { validFrom: '2026-04-01', validTo: null, requested: false },
    ]);
  });

  it('describes the period routes, their bodies and the sharing status in the OpenAPI document', async () => {
    const response = await http().get('/api/docs/openapi.json').expect(200);
    const doc = response.body as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    const c = '/api/communities/{communityId}';
    for (const [route, method] of [
      [`${c}/price-lists/{priceListId}`, 'patch'],
      [`${c}/metering-points/{pointId}/prices/{priceId}`, 'patch'],
      [`${c}/metering-points/{pointId}/successor`, 'post'],
      [`${c}/metering-points/{pointId}/history`, 'get'],
      [`${c}/allocation-keys/{keyId}`, 'patch'],
      [`${c}/sharing-groups/{groupId}/iteration/{validFrom}`, 'patch'],
      [`${c}/sharing/status`, 'get'],
    ] as const) {
      expect(doc.paths[route]?.[method], `${method} ${route}`).toBeDefined();
    }
    expect(Object.keys(doc.paths[`${c}/allocation-keys/{keyId}`]?.['patch']?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '409', '422']),
    );
    expect(doc.components.schemas['ClosePeriodDto']?.required).toEqual(['validTo']);
    expect(Object.keys(doc.components.schemas['SharingStatusView']?.properties ?? {})).toEqual(
      expect.arrayContaining(['state', 'staleMonths', 'recomputingMonths', 'months']),
    );
  });

  describe('with data of April to June 2026', () => {
    let community: TestCommunity;
    let pv: SettlementPoint;
    let office: SettlementPoint;
    let aprilKeyId: string;
    let priceListId: string;
    /** the list valid in May: the corrected one of the previous test */
    let currentListId: string;

    const key = (percent: number): KeyFile => ({
      method: 'static',
      allocations: [{ producer: pv.ean, consumer: office.ean, percent }],
    });

    function runsOf(): Promise<Array<{ day: string; key: string; computedAt: string }>> {
      return withOwner((connection) =>
        connection.query(
          `SELECT day::text AS day, key_version_id AS key, computed_at::text AS "computedAt"
             FROM sharing_runs WHERE community_id = $1 ORDER BY day`,
          [community.communityId],
        ),
      );
    }

    async function statusWhenCurrent(): Promise<{ state: string; staleMonths: string[] }> {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const status = (await get(community, 'sharing/status').expect(200)).body as {
          state: string;
          staleMonths: string[];
        };
        if (status.state === 'current') return status;
        if (Date.now() > deadline) throw new Error(`sharing still ${JSON.stringify(status)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }

    beforeAll(async () => {
      community = await signUp(app);
      await http()
        .put(path(community, 'settlement-settings'))
        .set(bearer(community.adminToken))
        .send({ mode: 'community-clearing', iban: 'CZ6508000000192000145399', dueDays: 14 })
        .expect(200);
      pv = await memberWithPoint(app, community, 'production', { name: 'FVE Škola' });
      office = await memberWithPoint(app, community, 'consumption', { name: 'Obecní úřad' });
      // April and June have a key, May none yet: its days have no stored run.
      aprilKeyId = (
        await create(app, community, 'allocation-keys', {
          ...key(100),
          validFrom: '2026-04-01',
          validTo: '2026-04-30',
        })
      ).id;
      await create(app, community, 'allocation-keys', { ...key(100), validFrom: '2026-06-01' });
      // 10 kWh made and 10 kWh used at noon every day: 10 kWh shared a day where a key gives them
      const csv = await exportWith([pv, office], key(100), '2026-04-01', '2026-06-30', (_p, _d, interval) =>
        interval === NOON ? 1_000 : 0,
      );
      const accepted = await upload(app, community, csv, 'export.csv');
      expect((await settledImport(app, community, accepted.id)).status).toBe('done');
      await jobCompleted(app, 'sharing', recomputeAfterImportJobId(community.communityId, accepted.id));
      priceListId = (await postPriceList(app, community, { pricePerKwh: '3.00' })).id;
    });

    it('recomputes May, and only May, when a key is registered for May', async () => {
      const before = await runsOf();
      expect(before.filter((run) => run.day.startsWith('2026-05'))).toHaveLength(0);
      expect(before).toHaveLength(30 + 30);
      expect((await get(community, 'sharing/status').expect(200)).body).toMatchObject({ state: 'current' });

      const may = await post(community, 'allocation-keys', {
        ...key(100),
        validFrom: '2026-05-01',
        validTo: '2026-05-31',
      });
      expect(may.status, JSON.stringify(may.body)).toBe(201);
      const mayKeyId = (may.body as { id: string }).id;
      const marked = (await get(community, 'sharing/status').expect(200)).body as {
        state: string;
        staleMonths: string[];
      };
      // the in-process worker may already have finished; until then the API names May and nothing else
      if (marked.state !== 'current') expect(marked.staleMonths).toEqual(['2026-05']);
      await statusWhenCurrent();

      const after = await runsOf();
      const stamp = new Map(before.map((run) => [run.day, run.computedAt]));
      const newRuns = after.filter((run) => stamp.get(run.day) !== run.computedAt).map((run) => run.day);
      expect(newRuns).toHaveLength(31);
      expect(newRuns.every((day) => day.startsWith('2026-05-'))).toBe(true);
      expect(after.filter((run) => run.day.startsWith('2026-05')).every((run) => run.key === mayKeyId)).toBe(
        true,
      );
    });

    it('refuses a change to a month with final documents, naming them, and changes nothing', async () => {
      // the April–June export is EDC's daily (preliminary) calculation: settled anyway on purpose
      const april = await settleDraft(app, community, '2026-04', { settleAnyway: true });
      expect(april.computeStatus, JSON.stringify(april.error)).toBe('done');
      await approveAndFinalize(app, community, april.id);
      const documents = (await get(community, `documents?runId=${april.id}`).expect(200)).body as Array<{
        id: string;
        number: string;
      }>;
      expect(documents.length).toBeGreaterThan(0);

      const endKey = await patch(community, `allocation-keys/${aprilKeyId}`, { validTo: '2026-04-15' });
      expect(endKey.status, JSON.stringify(endKey.body)).toBe(409);
      expect(code(endKey)).toBe('PERIOD_HAS_FINAL_DOCUMENTS');
      const details = (endKey.body as ErrorBody).error.details as {
        months: string[];
        documents: Array<{ id: string; number: string }>;
      };
      expect(details.months).toEqual(['2026-04']);
      expect(details.documents.map((document) => document.number).sort()).toEqual(
        documents.map((document) => document.number).sort(),
      );
      expect((endKey.body as ErrorBody).error.message).toContain(documents[0]!.number);
      const endPrices = await patch(community, `price-lists/${priceListId}`, { validTo: '2026-04-20' });
      expect(endPrices.status, JSON.stringify(endPrices.body)).toBe(409);
      expect(code(endPrices)).toBe('PERIOD_HAS_FINAL_DOCUMENTS');
      const iteration = await http()
        .put(path(community, `sharing-groups/${community.groupId}/iteration`))
        .set(bearer(community.adminToken))
        .send({ requested: false, validFrom: '2026-04-10' });
      expect(iteration.status, JSON.stringify(iteration.body)).toBe(409);
      expect(code(iteration)).toBe('PERIOD_HAS_FINAL_DOCUMENTS');

      const keyNow = (await get(community, `allocation-keys/${aprilKeyId}`).expect(200)).body as {
        validTo: string;
      };
      expect(keyNow.validTo).toBe('2026-04-30');
      const lists = (await get(community, 'price-lists').expect(200)).body as Array<{ validTo?: string }>;
      expect(lists.map((list) => list.validTo ?? null)).toEqual([null]);
      expect((await get(community, 'sharing/status').expect(200)).body).toMatchObject({ state: 'current' });

      // The same change made as a correction goes through; the final run and its documents stay, and the month
      // reports what changed, for a correction run to re-bill (issue 17, item 3).
      await patch(community, `price-lists/${priceListId}`, {
        validTo: '2026-04-15',
        asCorrection: true,
      }).expect(200);
      const corrected = await post(community, 'price-lists', {
        name: 'Opravený ceník od 16. 4.',
        validFrom: '2026-04-16',
        pricePerKwh: '4.00',
        sellerVatPayer: false,
        asCorrection: true,
      });
      expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
      currentListId = (corrected.body as { id: string }).id;
      const after = (await get(community, `settlements/${april.id}`).expect(200)).body as {
        status: string;
        revised?: { memberCount: number; deltaKwh: number };
      };
      expect(after.status).toBe('final');
      expect(after.revised, JSON.stringify(after)).toBeDefined();
      expect(after.revised?.memberCount).toBeGreaterThan(0);
      expect(after.revised?.deltaKwh).toBe(0);
      const stillIssued = (await get(community, `documents?runId=${april.id}`).expect(200)).body as unknown[];
      expect(stillIssued).toHaveLength(documents.length);
    });

    it('settles a price changed from the 15th: each half of May by its own price', async () => {
      // April is final (previous test): ending the list after April is allowed without a correction
      await patch(community, `price-lists/${currentListId}`, { validTo: '2026-05-14' }).expect(200);
      await post(community, 'price-lists', {
        name: 'Ceník od 15. 5.',
        validFrom: '2026-05-15',
        pricePerKwh: '5.00',
        sellerVatPayer: false,
      }).expect(201);
      await statusWhenCurrent();

      const may = await settleDraft(app, community, '2026-05', { settleAnyway: true });
      expect(may.computeStatus, JSON.stringify(may.error)).toBe('done');
      const consumer = may.members.find((member) => member.memberId === office.memberId);
      const lines = (consumer?.lines ?? [])
        .map((line) => [line.unitPricePerKwh, line.energyKwh, line.net])
        .sort();
      // 14 days × 10 kWh at 4.00 Kč (the corrected list), 17 days × 10 kWh at 5.00 Kč
      expect(lines).toEqual([
        ['4.00', 140, '560.00'],
        ['5.00', 170, '850.00'],
      ]);
      expect(consumer?.receivedKwh).toBe(310);
    });
  });
});
