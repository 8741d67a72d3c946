import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importJobId, recomputeAfterImportJobId } from '@sdilna/api/feature-imports';
import { JobProducer } from '@sdilna/api/util-jobs';
import type { KeyFile } from '@sdilna/shared/domain-allocation';

import { createTestApp } from '../support/create-test-app';
import { bearer, signUp, uniqueEan, type TestCommunity } from '../support/factories';
import { jobCompleted, startInProcessWorker } from '../support/in-process-worker';
import { withOwner } from '../support/owner-database';
import { importOf, settledImport, upload, type ImportBody } from '../support/readings-community';
import {
  exportWith,
  importMonth,
  memberWithPoint,
  pairReportWith,
  postPriceList,
  settleDraft,
  type RunBody,
  type SettlementPoint,
} from '../support/settlement-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('pair-report');

const JUNE_FROM = '2026-06-01';
const JUNE_TO = '2026-06-30';
/** 12:00–12:15 */
const NOON = 48;

interface TwoProducers {
  community: TestCommunity;
  school: SettlementPoint;
  firemen: SettlementPoint;
  office: SettlementPoint;
}

describe("EDC's pair report: import, reconciliation and settlement of a consumer of two producers", () => {
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

  /**
   * Two PV plants share with the municipal office, 50 % each (one priority). On 10 and 20 June at noon each plant
   * exports 100 kWh and the office draws 100 kWh: EDC's standard export (OUT computed by the engine, as EDC does)
   * says the office received 100 kWh each day, which the engine splits 50/50.
   */
  async function twoProducers(): Promise<TwoProducers> {
    const community = await signUp(app);
    await http()
      .put(`/api/communities/${community.communityId}/settlement-settings`)
      .set(bearer(community.adminToken))
      .send({ mode: 'community-clearing', iban: 'CZ6508000000192000145399', dueDays: 14 })
      .expect(200);
    const school = await memberWithPoint(app, community, 'production', { name: 'FVE Škola' }, '1.00');
    const firemen = await memberWithPoint(app, community, 'production', { name: 'FVE Hasiči' }, '1.00');
    const office = await memberWithPoint(app, community, 'consumption', { name: 'Obecní úřad' }, '4.00');
    const key: KeyFile = {
      method: 'static-iterative',
      allocations: [
        { producer: school.ean, consumer: office.ean, percent: 50, priority: 1 },
        { producer: firemen.ean, consumer: office.ean, percent: 50, priority: 1 },
      ],
    };
    const csv = await exportWith(
      [school, firemen, office],
      key,
      JUNE_FROM,
      JUNE_TO,
      (_point, date, interval) =>
        (date === '2026-06-10' || date === '2026-06-20') && interval === NOON ? 10_000 : 0,
    );
    await importMonth(app, community, key, csv);
    await postPriceList(app, community, { pricePerKwh: '3.00' });
    return { community, school, firemen, office };
  }

  /** EDC's own split of 1–15 June: on 10 June at noon the school gave the office `school` and the firemen the rest. */
  function firstHalfPairs(setup: TwoProducers, school = 7_000): Promise<string> {
    return pairReportWith(
      [
        { producer: setup.school, consumer: setup.office },
        { producer: setup.firemen, consumer: setup.office },
      ],
      JUNE_FROM,
      '2026-06-15',
      (pair, date, interval) =>
        date === '2026-06-10' && interval === NOON ? (pair === 0 ? school : 10_000 - school) : 0,
    );
  }

  async function importedPairs(setup: TwoProducers, csv: string, name = 'pairs.csv'): Promise<ImportBody> {
    const accepted = await upload(app, setup.community, csv, name);
    const settled = await settledImport(app, setup.community, accepted.id);
    if (settled.status === 'done') {
      await jobCompleted(app, 'sharing', recomputeAfterImportJobId(setup.community.communityId, accepted.id));
    }
    return settled;
  }

  function member(run: RunBody, point: SettlementPoint): RunBody['members'][number] {
    const found = run.members.find((entry) => entry.memberId === point.memberId);
    if (found === undefined) throw new Error(`member ${point.memberId} is not in the run`);
    return found;
  }

  async function storedPairKwh(community: TestCommunity): Promise<number> {
    const [row] = (await withOwner((connection) =>
      connection.query(
        `SELECT coalesce(sum(total), 0)::int AS total FROM pair_readings WHERE community_id = $1`,
        [community.communityId],
      ),
    )) as [{ total: number }];
    return row.total;
  }

  it("settles the office from EDC's pair figures where the report exists and from the engine's split elsewhere", async () => {
    const setup = await twoProducers();
    const imported = await importedPairs(setup, await firstHalfPairs(setup));
    expect(imported, JSON.stringify(imported.error)).toMatchObject({
      status: 'done',
      kind: 'pair',
      calculation: 'daily',
      period: { from: JUNE_FROM, to: '2026-06-15' },
      counts: { points: 3, days: 15, intervals: 15 * 96, values: 2 * 15 * 96 },
    });
    expect(await storedPairKwh(setup.community)).toBe(10_000);

    const run = await settleDraft(app, setup.community, '2026-06');
    expect(run.computeStatus, JSON.stringify(run.error)).toBe('done');
    // 10 June from EDC's pairs (70 / 30), 20 June split by the engine (50 / 50)
    expect(member(run, setup.school).suppliedKwh).toBe(120);
    expect(member(run, setup.firemen).suppliedKwh).toBe(80);
    expect(member(run, setup.office).receivedKwh).toBe(200);
    expect(run.totals.sharedKwh).toBe(200);
    const messages = run.warnings.map((warning) => warning.message);
    expect(messages).toContain(
      `consumer ${setup.office.ean}: pairs from EDC's pair report on 2026-06-01..2026-06-15 (preliminary, daily calculation, on 2026-06-01..2026-06-15)`,
    );
    expect(messages).toContain(
      `consumer ${setup.office.ean}: no EDC pair report on 2026-06-20; EDC's figure split among its producers by the allocation engine`,
    );
  });

  it("lists where EDC's pairs differ from the engine's pair results", async () => {
    const setup = await twoProducers();
    await importedPairs(setup, await firstHalfPairs(setup));
    const response = await http()
      .get(`/api/communities/${setup.community.communityId}/discrepancies/pairs`)
      .query({ from: JUNE_FROM, to: JUNE_TO })
      .set(bearer(setup.community.adminToken));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      total: 2,
      items: [
        { consumerEan: setup.office.ean, start: '2026-06-10T10:00:00.000Z', date: '2026-06-10' },
        { consumerEan: setup.office.ean, start: '2026-06-10T10:00:00.000Z' },
      ],
    });
    const items = response.body.items as Array<{
      producerEan: string;
      edcSharedKwh: number;
      computedSharedKwh: number;
      differenceKwh: number;
    }>;
    expect(items.find((item) => item.producerEan === setup.school.ean)).toMatchObject({
      edcSharedKwh: 70,
      computedSharedKwh: 50,
      differenceKwh: 20,
    });
    expect(items.find((item) => item.producerEan === setup.firemen.ean)).toMatchObject({
      edcSharedKwh: 30,
      computedSharedKwh: 50,
      differenceKwh: -20,
    });
    const agreeing = await importedPairs(setup, await firstHalfPairs(setup, 5_000), 'agreeing.csv');
    expect(agreeing.status).toBe('done');
    const after = await http()
      .get(`/api/communities/${setup.community.communityId}/discrepancies/pairs`)
      .query({ from: JUNE_FROM, to: JUNE_TO, ean: setup.office.ean })
      .set(bearer(setup.community.adminToken))
      .expect(200);
    expect(after.body).toMatchObject({ total: 0, items: [] });
  });

  it('answers the same pair report again with the first import, and a revised one supersedes it', async () => {
    const setup = await twoProducers();
    const csv = await firstHalfPairs(setup);
    const first = await importedPairs(setup, csv);
    expect(await upload(app, setup.community, csv, 'copy.csv')).toEqual({
      id: first.id,
      status: 'done',
      duplicate: true,
    });
    const revised = await importedPairs(setup, await firstHalfPairs(setup, 6_000), 'pairs-revised.csv');
    expect(revised.status).toBe('done');
    expect(await importOf(app, setup.community, first.id)).toMatchObject({
      status: 'superseded',
      supersededBy: revised.id,
      kind: 'pair',
    });
    // the standard export of the month is not superseded by a pair report
    const history = await http()
      .get(`/api/communities/${setup.community.communityId}/imports`)
      .set(bearer(setup.community.adminToken))
      .expect(200);
    expect((history.body as ImportBody[]).map((batch) => [batch.kind, batch.status])).toEqual([
      ['pair', 'done'],
      ['pair', 'superseded'],
      ['standard', 'done'],
    ]);
    const run = await settleDraft(app, setup.community, '2026-06');
    expect(member(run, setup.school).suppliedKwh).toBe(110);
    expect(member(run, setup.firemen).suppliedKwh).toBe(90);
  });

  it('refuses a bad pair report with its line and column and stores nothing of it', async () => {
    const setup = await twoProducers();
    await importedPairs(setup, await firstHalfPairs(setup));
    const good = await firstHalfPairs(setup, 1_000);
    const lines = good.split('\n');
    // 3 June 00:30 (line 2 + 2·96 + 2): a negative share of the second pair
    lines[2 + 2 * 96 + 2 - 1] = '03.06.2026;00:30;00:45;0,0;-1,5;';
    const negative = await importedPairs(setup, lines.join('\n'), 'negative.csv');
    expect(negative).toMatchObject({
      status: 'failed',
      error: {
        file: 'negative.csv',
        line: 196,
        column: 5,
        message: expect.stringMatching(
          /shared energy -1\.5 kWh of pair \d{18}-\d{18} is negative; expected ≥ 0/,
        ),
      },
    });
    const strangerEan = uniqueEan();
    const stranger = good.replace(setup.office.ean, strangerEan);
    const unknown = await importedPairs(setup, stranger, 'stranger.csv');
    expect(unknown).toMatchObject({
      status: 'failed',
      error: {
        line: 1,
        column: 4,
        message: expect.stringContaining(`EAN ${strangerEan} is not a registered metering point`),
      },
    });
    const swapped = good.replace(
      `${setup.school.ean}-${setup.office.ean}`,
      `${setup.office.ean}-${setup.school.ean}`,
    );
    const reversed = await importedPairs(setup, swapped, 'swapped.csv');
    expect(reversed).toMatchObject({ status: 'failed', error: { line: 1, column: 4 } });
    expect(reversed.error?.message).toMatch(
      /is registered as consumption; a pair column is <production EAN>-<consumption EAN>/,
    );
    expect(await storedPairKwh(setup.community)).toBe(10_000);
    const run = await settleDraft(app, setup.community, '2026-06');
    expect(member(run, setup.school).suppliedKwh).toBe(120);
  });

  it('imports a pair report dropped into the inbox like a standard export', async () => {
    const setup = await twoProducers();
    const folder = join(process.env['INBOX_DIR'] as string, setup.community.communityId);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'pairs-june.csv'), await firstHalfPairs(setup));
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(folder, 'pairs-june.csv'), past, past);
    const scanId = `scan:pairs:${Date.now()}`;
    await app
      .get(JobProducer)
      .enqueue('imports.scan-inbox', { requestedAt: new Date().toISOString() }, scanId);
    expect(await jobCompleted(app, 'imports', scanId, 60_000)).toMatchObject({ queued: 1, refused: 0 });
    const history = await http()
      .get(`/api/communities/${setup.community.communityId}/imports`)
      .set(bearer(setup.community.adminToken))
      .expect(200);
    const batch = (history.body as ImportBody[]).find((entry) => entry.source === 'inbox');
    expect(batch).toBeDefined();
    await jobCompleted(app, 'imports', importJobId(setup.community.communityId, batch?.id as string), 90_000);
    expect(await importOf(app, setup.community, batch?.id as string)).toMatchObject({
      status: 'done',
      kind: 'pair',
      source: 'inbox',
    });
    expect(readFileSync(join(folder, 'processed', 'pairs-june.csv.result.txt'), 'utf8')).toMatch(
      /done: 2026-06-01 to 2026-06-15, 3 points/,
    );
    expect(await storedPairKwh(setup.community)).toBe(10_000);
  });
});
