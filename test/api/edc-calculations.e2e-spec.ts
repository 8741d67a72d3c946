import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestApp } from '../support/create-test-app';
import { generatedExport, generatedGroup, shiftPoint, textOf } from '../support/edc-files';
import { bearer, signUp } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import {
  importedAndRecomputed,
  importOf,
  registerGroup,
  type RegisteredGroup,
} from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';
import {
  exportWith,
  importMonth,
  keyOf,
  memberWithPoint,
  postPriceList,
  settleDraft,
} from '../support/settlement-community';

useScratchStorage('edc-calculations');

interface DayEntry {
  start: string;
  measuredKwh: number | null;
  sharedKwh: number | null;
}

/** Data line (1-based, header = 1) of a day's first interval in a file that starts on the 1st of a 30-day month. */
function lineOf(dayOfMonth: number, interval = 0): number {
  return 2 + (dayOfMonth - 1) * 96 + interval;
}

describe('EDC data as they really come: NaN cells, preliminary and final values', () => {
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

  async function days(group: RegisteredGroup, ean: string, from: string, to: string): Promise<DayEntry[]> {
    const response = await request(app.getHttpServer())
      .get(`/api/communities/${group.community.communityId}/sharing`)
      .query({ from, to, granularity: 'day', source: 'edc', ean })
      .set(bearer(group.community.adminToken));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return (response.body as { points: Array<{ series: DayEntry[] }> }).points[0]?.series ?? [];
  }

  async function intervals(group: RegisteredGroup, ean: string, day: string): Promise<DayEntry[]> {
    const response = await request(app.getHttpServer())
      .get(`/api/communities/${group.community.communityId}/sharing`)
      .query({ from: day, to: day, granularity: '15m', source: 'edc', ean })
      .set(bearer(group.community.adminToken));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return (response.body as { points: Array<{ series: DayEntry[] }> }).points[0]?.series ?? [];
  }

  async function june(): Promise<{ group: RegisteredGroup; csv: string; consumer: string }> {
    const generated = generatedGroup(1, 2);
    const group = await registerGroup(app, generated.points, generated.key);
    const csv = await textOf(generatedExport(generated, '2026-06-01', '2026-06-30'));
    return { group, csv, consumer: generated.points[1]?.ean as string };
  }

  it('stores NaN cells (any case) as missing values, not 0, and warns with file, line, column and count', async () => {
    const { group, csv, consumer } = await june();
    const lines = csv.split('\n');
    // the first consumer (fields 6 and 7) reads NaN in the first three intervals of 2 June
    ['NaN', 'nan', 'NAN'].forEach((nan, k) => {
      const cells = (lines[lineOf(2, k) - 1] as string).split(';');
      const shared =
        -Math.round(Number((cells[5] as string).replace(',', '.')) * 100) +
        Math.round(Number((cells[6] as string).replace(',', '.')) * 100);
      // the producer keeps what the consumer would have received, so the group still balances
      const producerOut = Math.round(Number((cells[4] as string).replace(',', '.')) * 100) + shared;
      cells[4] = (producerOut / 100).toFixed(2).replace('.', ',');
      cells[5] = nan;
      cells[6] = nan;
      lines[lineOf(2, k) - 1] = cells.join(';');
    });
    const settled = await importedAndRecomputed(app, group, lines.join('\n'), 'june-nan.csv');
    expect(settled.status, JSON.stringify(settled.error)).toBe('done');
    expect(settled.warnings).toContainEqual(
      expect.objectContaining({
        file: 'june-nan.csv',
        line: lineOf(2),
        column: 6,
        code: 'NAN_VALUES',
        message: `IN-${consumer}-O has NaN in 3 intervals, first on this line; stored as missing values (no data), not as 0`,
      }),
    );
    const series = await intervals(group, consumer, '2026-06-02');
    expect(series.slice(0, 4).map((entry) => entry.measuredKwh)).toEqual([
      null,
      null,
      null,
      expect.any(Number),
    ]);
    expect(series[3]?.measuredKwh).toBeGreaterThan(0);
  });

  it('replaces preliminary days with the final month and never lets a later preliminary file overwrite them', async () => {
    const { group, csv, consumer } = await june();
    // Days 1–5 arrive as daily (preliminary) data: the same rows with the consumer importing 1.00 kWh more at 00:00.
    const header = csv.slice(0, csv.indexOf('\n'));
    const firstDays = csv
      .split('\n')
      .slice(0, lineOf(6) - 1)
      .join('\n');
    const preliminary = shiftPoint(firstDays, lineOf(1), 1, -100);
    const daily = await importedAndRecomputed(app, group, preliminary, 'june-1-5.csv');
    expect(daily).toMatchObject({ status: 'done', calculation: 'daily', requestedCalculation: null });
    const before = await days(group, consumer, '2026-06-01', '2026-06-01');

    const monthly = await importedAndRecomputed(app, group, csv, 'june.csv');
    expect(monthly).toMatchObject({ status: 'done', calculation: 'monthly', kind: 'standard' });
    expect(await importOf(app, group.community, daily.id)).toMatchObject({
      status: 'superseded',
      supersededBy: monthly.id,
    });
    const final = await days(group, consumer, '2026-06-01', '2026-06-30');
    expect(Math.round((final[0]?.measuredKwh ?? 0) * 100)).toBe(
      Math.round((before[0]?.measuredKwh ?? 0) * 100) - 100,
    );

    // A late preliminary file of days 4–7 (revised at 00:00 of day 4): days 4–7 are final, so nothing changes.
    const late = shiftPoint(
      [header, ...csv.split('\n').slice(lineOf(4) - 1, lineOf(8) - 1)].join('\n'),
      2,
      1,
      -300,
    );
    const refused = await importedAndRecomputed(app, group, late, 'june-4-7.csv');
    expect(refused).toMatchObject({ status: 'done', calculation: 'daily' });
    expect(refused.warnings.map((warning) => warning.message)).toContainEqual(
      expect.stringMatching(
        /already has final \(monthly\) EDC values on 2026-06-04\.\.2026-06-07; this preliminary \(daily\) file's values for those days were not stored/,
      ),
    );
    expect(await days(group, consumer, '2026-06-01', '2026-06-30')).toEqual(final);
    expect(await importOf(app, group.community, monthly.id)).toMatchObject({ status: 'done' });
  });

  it('takes the calculation stated on upload, and a whole month that turns out preliminary keeps final days', async () => {
    const { group, csv, consumer } = await june();
    const stated = await importedAndRecomputed(app, group, csv, 'june-as-daily.csv', {
      calculation: 'daily',
    });
    expect(stated).toMatchObject({ status: 'done', calculation: 'daily', requestedCalculation: 'daily' });
    const final = await importedAndRecomputed(
      app,
      group,
      shiftPoint(csv, lineOf(1), 1, -100),
      'june-final.csv',
      {
        calculation: 'monthly',
      },
    );
    expect(final).toMatchObject({ status: 'done', calculation: 'monthly' });
    const stored = await days(group, consumer, '2026-06-01', '2026-06-30');

    // The whole month again, revised on day 1, but with OUT not yet evaluated on its last day: preliminary.
    const lines = shiftPoint(csv, lineOf(1), 1, -500).split('\n');
    const last = lineOf(30, 95) - 1;
    lines[last] = (lines[last] as string)
      .split(';')
      .map((cell, k) => (k >= 4 && k % 2 === 0 ? '' : cell))
      .join(';');
    const preliminary = await importedAndRecomputed(app, group, lines.join('\n'), 'june-preliminary.csv');
    expect(preliminary).toMatchObject({ status: 'done', calculation: 'daily', requestedCalculation: null });
    expect(await days(group, consumer, '2026-06-01', '2026-06-30')).toEqual(stored);
    expect(await importOf(app, group.community, final.id)).toMatchObject({ status: 'done' });
  });

  it('refuses a calculation other than daily or monthly and stores nothing', async () => {
    const { group, csv } = await june();
    const response = await request(app.getHttpServer())
      .post(`/api/communities/${group.community.communityId}/imports`)
      .set(bearer(group.community.adminToken))
      .field('calculation', 'final')
      .attach('file', Buffer.from(csv, 'utf8'), 'june.csv');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: 'CALCULATION_INVALID', message: expect.stringMatching(/"final"; expected "daily"/) },
    });
    const history = await request(app.getHttpServer())
      .get(`/api/communities/${group.community.communityId}/imports`)
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(history.body).toEqual([]);
  });

  it('says on a settlement draft which points have preliminary and which have missing days', async () => {
    const community = await signUp(app);
    const producer = await memberWithPoint(app, community, 'production', { pointLabel: 'PV školy' }, '1.00');
    const consumer = await memberWithPoint(app, community, 'consumption', { pointLabel: 'Úřad' }, '4.00');
    const key = keyOf([{ producer, consumer, percent: 100 }]);
    // daily data of 1–20 June only: preliminary, and nothing yet for 21–30 June
    const csv = await exportWith([producer, consumer], key, '2026-06-01', '2026-06-20', (_point, _date, i) =>
      i === 48 ? 1_000 : 0,
    );
    await importMonth(app, community, key, csv);
    await postPriceList(app, community, { pricePerKwh: '3.00' });
    // the month is knowingly incomplete: it is refused unless settled anyway
    const run = await settleDraft(app, community, '2026-06', { settleAnyway: true });
    expect(run.computeStatus, JSON.stringify(run.error)).toBe('done');
    const points = `${producer.ean} (PV školy), ${consumer.ean} (Úřad)`;
    const sorted =
      producer.ean < consumer.ean ? points : `${consumer.ean} (Úřad), ${producer.ean} (PV školy)`;
    expect(run.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'DATA_PRELIMINARY',
          params: { days: '2026-06-01..2026-06-20', points: sorted, count: 2, more: 0 },
        }),
      ]),
    );
    expect(run.warnings.map((warning) => warning.message)).toEqual(
      expect.arrayContaining([
        `EDC values are preliminary (daily calculation, not yet final) on 2026-06-01..2026-06-20 for 2 points ${sorted}`,
        `EDC data are missing or incomplete on 2026-06-21..2026-06-30 for 2 points ${sorted}`,
      ]),
    );
  });

  it('documents the calculation field of the upload and the pair discrepancies in OpenAPI', async () => {
    const response = await request(app.getHttpServer()).get('/api/docs/openapi.json').expect(200);
    const paths = response.body.paths as Record<string, Record<string, unknown>>;
    const upload = JSON.stringify(paths['/api/communities/{communityId}/imports']?.['post']);
    expect(upload).toContain('"calculation":{"type":"string","enum":["daily","monthly"]');
    expect(paths).toHaveProperty(['/api/communities/{communityId}/discrepancies/pairs', 'get']);
    const importView = JSON.stringify(response.body.components.schemas.ImportView);
    expect(importView).toContain('"kind"');
    expect(importView).toContain('"calculation"');
  });
});
