import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DashboardResponse } from '@sdilna/shared/util-api-contract';

import { createTestApp } from '../support/create-test-app';
import { bearer, signUp, type TestCommunity } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import { memberLogin, settledImport, upload } from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';
import {
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  settleDraft,
} from '../support/settlement-community';

useScratchStorage('dashboard');

describe('the administrator dashboard warns (issue 18 item 5)', () => {
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

  async function dashboard(community: TestCommunity, query: Record<string, number> = {}) {
    const response = await http()
      .get(`/api/communities/${community.communityId}/dashboard`)
      .query(query)
      .set(bearer(community.adminToken));
    expect(response.status, response.text).toBe(200);
    return response.body as DashboardResponse;
  }

  it('says nothing to a new community', async () => {
    const community = await signUp(app);
    expect(await dashboard(community)).toEqual({ importCount: 0, lastDataDay: null, warnings: [] });
  });

  it('warns of missing days per point, failed imports, a draft waiting and old data, and counts only finished imports', async () => {
    const community = await signUp(app);
    const producer = await memberWithPoint(app, community, 'production', { name: 'FVE' }, '2.00');
    const consumer = await memberWithPoint(app, community, 'consumption', { name: 'Jana' }, '4.00');
    // registered, but EDC's file has no column for it: every day of June is missing
    const silent = await memberWithPoint(
      app,
      community,
      'consumption',
      { name: 'Tichý', pointLabel: 'Hasičárna' },
      '4.00',
    );
    const key = keyOf([{ producer, consumer, percent: 100 }]);
    await importMonth(
      app,
      community,
      key,
      await exportWith([producer, consumer], key, '2026-06-01', '2026-06-30', () => 100),
    );
    for (const name of ['rozbity-1.csv', 'rozbity-2.csv']) {
      const broken = await upload(app, community, `${name}: tohle není export EDC\n1;2;3\n`, name);
      expect((await settledImport(app, community, broken.id)).status).toBe('failed');
    }
    await postPriceList(app, community, { pricePerKwh: '3.00' });
    // the month is knowingly incomplete (the point without data is what the dashboard warns of)
    const draft = await settleDraft(app, community, '2026-06', { settleAnyway: true });

    const answer = await dashboard(community);
    expect(answer.importCount).toBe(1);
    expect(answer.lastDataDay).toBe('2026-06-30');
    const byCode = new Map(answer.warnings.map((warning) => [warning.code, warning]));
    expect(byCode.get('MISSING_DAYS')).toEqual({
      code: 'MISSING_DAYS',
      params: { points: 1, days: 30, from: '2026-06-01', to: '2026-06-30' },
      items: [{ id: silent.ean, label: `${silent.ean} (Hasičárna)`, count: 30 }],
    });
    expect(byCode.get('FAILED_IMPORTS')).toMatchObject({
      params: { count: 2 },
      items: [{ label: 'rozbity-2.csv' }, { label: 'rozbity-1.csv' }],
    });
    expect(byCode.get('DRAFT_SETTLEMENT')).toEqual({
      code: 'DRAFT_SETTLEMENT',
      params: { count: 1, period: '2026-06' },
      items: [{ id: draft.id, label: '2026-06', period: '2026-06' }],
    });
    // the test runs after June 2026: the newest day is older than a week
    expect(byCode.get('DATA_OUTDATED')).toMatchObject({ params: { lastDay: '2026-06-30' } });
    expect(Number(byCode.get('DATA_OUTDATED')?.params['days'])).toBeGreaterThan(7);
    const patient = await dashboard(community, { staleAfterDays: 365 });
    const stillOld = patient.warnings.some((warning) => warning.code === 'DATA_OUTDATED');
    expect(stillOld).toBe(Number(byCode.get('DATA_OUTDATED')?.params['days']) > 365);

    // a good file after the failures: they are dealt with
    const again = await upload(
      app,
      community,
      await exportWith([producer, consumer], key, '2026-07-01', '2026-07-02', () => 100),
      'cervenec.csv',
    );
    expect((await settledImport(app, community, again.id)).status).toBe('done');
    const later = await dashboard(community);
    expect(later.importCount).toBe(2);
    expect(later.warnings.map((warning) => warning.code)).not.toContain('FAILED_IMPORTS');
  });

  it('refuses a bad threshold with 400 and a member with 403', async () => {
    const community = await signUp(app);
    const path = `/api/communities/${community.communityId}/dashboard`;
    for (const staleAfterDays of ['0', '1.5', 'week', '366']) {
      const response = await http().get(path).query({ staleAfterDays }).set(bearer(community.adminToken));
      expect(response.status, staleAfterDays).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.text).toContain('staleAfterDays');
    }
    const member = await memberWithPoint(app, community, 'consumption');
    const token = await memberLogin(app, community, member.memberId);
    await http().get(path).set(bearer(token)).expect(403);
  });
});
