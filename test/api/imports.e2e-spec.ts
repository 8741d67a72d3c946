import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importJobId } from '@sdilna/api/feature-imports';
import { RecomputeRunner } from '@sdilna/api/feature-sharing';

import { createTestApp } from '../support/create-test-app';
import {
  dayTotalsOf,
  freshFixture,
  generatedExport,
  generatedGroup,
  shiftPoint,
  textOf,
  withHeader,
  withoutLine,
} from '../support/edc-files';
import { bearer } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import {
  importedAndRecomputed,
  importOf,
  type RegisteredGroup,
  registerGroup,
  registerKey,
  settledImport,
  upload,
} from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';

// Uploads and inbox files of this run stay in a temporary folder, not in the repository's .data/.
useScratchStorage('imports');

interface SharingBody {
  points: Array<{
    ean: string;
    role: string;
    series: Array<{
      start: string;
      measuredKwh: number | null;
      sharedKwh: number | null;
      residualKwh: number | null;
    }>;
    totals: { measuredKwh: number; sharedKwh: number; residualKwh: number };
  }>;
  groups: Array<{ sharedKwh: number; missedKwh: number; discrepancies: number; productionKwh: number }>;
}

describe('EDC imports and sharing', () => {
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

  async function sharing(
    group: RegisteredGroup,
    query: Record<string, string>,
    token = group.community.adminToken,
  ): Promise<SharingBody> {
    const response = await http()
      .get(`/api/communities/${group.community.communityId}/sharing`)
      .query(query)
      .set(bearer(token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as SharingBody;
  }

  it('imports the April fixture so that our engine with the registered key matches EDC in every interval', async () => {
    const fixture = await freshFixture();
    const group = await registerGroup(app, fixture.points, fixture.key);
    const settled = await importedAndRecomputed(app, group, fixture.csv);
    expect(settled, JSON.stringify(settled.error)).toMatchObject({
      status: 'done',
      progress: 1,
      period: { from: '2026-04-01', to: '2026-04-30' },
    });
    expect(settled.counts).toMatchObject({ points: 28, days: 30, intervals: 2880 });

    const query = { from: '2026-04-01', to: '2026-04-30', granularity: '15m' };
    const edc = await sharing(group, { ...query, source: 'edc' });
    const computed = await sharing(group, { ...query, source: 'computed' });
    expect(edc.points).toHaveLength(28);
    expect(edc.points[0]?.series).toHaveLength(2880);
    const sharedIntervals = edc.points
      .flatMap((point) => point.series)
      .filter((entry) => (entry.sharedKwh ?? 0) > 0);
    expect(sharedIntervals.length).toBeGreaterThan(1000);
    expect(computed.points).toEqual(edc.points);

    const discrepancies = await http()
      .get(`/api/communities/${group.community.communityId}/discrepancies`)
      .query({ from: '2026-04-01', to: '2026-04-30' })
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(discrepancies.body).toMatchObject({ total: 0, stored: 0, items: [] });

    // Stored day totals are the file's, to the 0.01 kWh.
    const expected = await dayTotalsOf(fixture.csv);
    const daily = await sharing(group, {
      from: '2026-04-01',
      to: '2026-04-30',
      granularity: 'day',
      source: 'edc',
    });
    for (const point of daily.points) {
      for (const entry of point.series) {
        const day = expected.get(point.ean)?.get(entry.start);
        expect(entry.measuredKwh).toBe((day?.measured ?? 0) / 100);
        expect(entry.sharedKwh).toBe((day?.shared ?? 0) / 100);
      }
    }
    const monthly = await sharing(group, {
      from: '2026-04-01',
      to: '2026-04-30',
      granularity: 'month',
      source: 'computed',
    });
    const edcMonthly = await sharing(group, {
      from: '2026-04-01',
      to: '2026-04-30',
      granularity: 'month',
      source: 'edc',
    });
    expect(monthly.points).toEqual(edcMonthly.points);
    expect(monthly.groups).toHaveLength(1);
    expect(monthly.groups[0]).toMatchObject({ discrepancies: 0 });
    expect(monthly.groups[0]?.sharedKwh).toBe(edcMonthly.groups[0]?.sharedKwh);
    expect(monthly.groups[0]?.missedKwh).toBe(edcMonthly.groups[0]?.missedKwh);
    expect(monthly.groups[0]?.sharedKwh).toBeGreaterThan(0);
    expect(importJobId(group.community.communityId, settled.id)).toBe(
      `import:${group.community.communityId}:${settled.id}`,
    );
  });

  it('answers the same file a second time with the first import and changes nothing', async () => {
    const fixture = await freshFixture();
    const group = await registerGroup(app, fixture.points, fixture.key);
    const first = await importedAndRecomputed(app, group, fixture.csv);
    const before = await sharing(group, { from: '2026-04-01', to: '2026-04-30', granularity: 'day' });
    const again = await upload(app, group.community, fixture.csv, 'renamed-copy.csv');
    expect(again).toEqual({ id: first.id, status: 'done', duplicate: true });
    const history = await http()
      .get(`/api/communities/${group.community.communityId}/imports`)
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(history.body).toHaveLength(1);
    expect(await sharing(group, { from: '2026-04-01', to: '2026-04-30', granularity: 'day' })).toEqual(
      before,
    );
  });

  it('replaces the values of the period with a revised file and marks the earlier import superseded', async () => {
    const fixture = await freshFixture();
    const group = await registerGroup(app, fixture.points, fixture.key);
    const first = await importedAndRecomputed(app, group, fixture.csv);
    // 01.04. 00:00–00:15 (line 2): the first consumer imports 1.00 kWh more; no sun, so nothing more is shared.
    const revised = await importedAndRecomputed(app, group, shiftPoint(fixture.csv, 2, 1, -100));
    expect(revised.status).toBe('done');
    expect(await importOf(app, group.community, first.id)).toMatchObject({
      status: 'superseded',
      supersededBy: revised.id,
    });
    const consumer = fixture.points[1]?.ean as string;
    const query = { from: '2026-04-01', to: '2026-04-01', granularity: '15m', ean: consumer };
    const edc = await sharing(group, { ...query, source: 'edc' });
    const expected = (await dayTotalsOf(fixture.csv)).get(consumer)?.get('2026-04-01');
    expect(edc.points[0]?.totals.measuredKwh).toBe(((expected?.measured ?? 0) + 100) / 100);
    expect(edc.points[0]?.series[0]?.sharedKwh).toBe(0);
    expect((await sharing(group, { ...query, source: 'computed' })).points).toEqual(edc.points);
  });

  it.each([
    {
      problem: 'an EAN with a bad check digit',
      mutate: (csv: string, ean: string) =>
        withHeader(csv, (cells) =>
          cells.map((cell) => cell.replace(ean, `${ean.slice(0, 17)}${(Number(ean[17]) + 1) % 10}`)),
        ),
      line: 1,
      column: 4,
      message: /bad check digit/,
    },
    {
      problem: 'an IN column without its OUT column',
      mutate: (csv: string) => withHeader(csv, (cells) => cells.slice(0, -1)),
      line: 1,
      column: 58,
      message: /has no OUT-\d{18}-O partner column/,
    },
    {
      problem: 'a skipped interval in the middle of the month',
      // Day 1 differs too, so a partial import (days 1–14 stored before the error) would show.
      mutate: (csv: string) => withoutLine(shiftPoint(csv, 2, 1, -100), 1401),
      line: 1401,
      column: 2,
      message: /1 interval skipped/,
    },
  ])(
    'refuses $problem with its line and column and leaves the stored data unchanged',
    async ({ mutate, line, column, message }) => {
      const fixture = await freshFixture();
      const group = await registerGroup(app, fixture.points, fixture.key);
      await importedAndRecomputed(app, group, fixture.csv);
      const query = { from: '2026-04-01', to: '2026-04-30', granularity: 'day' };
      const before = await sharing(group, query);
      const refused = await importedAndRecomputed(
        app,
        group,
        mutate(fixture.csv, fixture.points[0]?.ean as string),
        'group-a-2026-04.csv',
      );
      expect(refused.status).toBe('failed');
      expect(refused.error).toMatchObject({
        file: 'group-a-2026-04.csv',
        line,
        column,
        message: expect.stringMatching(message),
      });
      expect(await sharing(group, query)).toEqual(before);
    },
  );

  it('refuses a file with an EAN that is not registered in the community, naming the EAN and its column', async () => {
    const fixture = await freshFixture();
    const missing = fixture.points[5]?.ean as string;
    const group = await registerGroup(app, fixture.points, undefined, { skip: [missing] });
    const refused = await importedAndRecomputed(app, group, fixture.csv);
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatchObject({
      line: 1,
      column: 14,
      message: expect.stringContaining(`EAN ${missing} (consumption) is not a registered metering point`),
    });
    const stored = await sharing(group, { from: '2026-04-01', to: '2026-04-30', granularity: 'month' });
    expect(stored.points.every((point) => point.series.every((entry) => entry.measuredKwh === null))).toBe(
      true,
    );
  });

  it('reports discrepancies per interval and EAN when the registered key is not the one EDC used', async () => {
    const fixture = await freshFixture();
    // Swap the 9 % member with a 3.5 % one: the key EDC did not use.
    const [nine, other] = [
      fixture.key.allocations.find((a) => a.percent === 9),
      fixture.key.allocations.find((a) => a.percent === 3.5),
    ];
    const wrong = {
      ...fixture.key,
      allocations: fixture.key.allocations.map((a) =>
        a.consumer === nine?.consumer
          ? { ...a, percent: 3.5 }
          : a.consumer === other?.consumer
            ? { ...a, percent: 9 }
            : a,
      ),
    };
    const group = await registerGroup(app, fixture.points, wrong);
    await importedAndRecomputed(app, group, fixture.csv);
    const page = await http()
      .get(`/api/communities/${group.community.communityId}/discrepancies`)
      .query({ from: '2026-04-01', to: '2026-04-30', ean: nine?.consumer, limit: 5 })
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(page.body.total).toBeGreaterThan(100);
    expect(page.body.items).toHaveLength(5);
    const item = page.body.items[0] as {
      ean: string;
      edcSharedKwh: number;
      computedSharedKwh: number;
      differenceKwh: number;
      start: string;
    };
    expect(item.ean).toBe(nine?.consumer);
    expect(item.edcSharedKwh).toBeGreaterThan(item.computedSharedKwh);
    expect(item.differenceKwh).toBeCloseTo(item.edcSharedKwh - item.computedSharedKwh, 2);
    const month = await sharing(group, {
      from: '2026-04-01',
      to: '2026-04-30',
      granularity: 'month',
      source: 'computed',
    });
    expect(month.groups[0]?.discrepancies).toBeGreaterThan(page.body.total - 1);
  });

  it('stores the autumn DST day with 100 intervals and the spring one with 92, in UTC', async () => {
    const model = generatedGroup(1, 3);
    const group = await registerGroup(app, model.points, model.key);
    const october = await importedAndRecomputed(
      app,
      group,
      await textOf(generatedExport(model, '2026-10-01', '2026-10-31')),
    );
    expect(october).toMatchObject({ status: 'done', counts: { days: 31, intervals: 31 * 96 + 4 } });
    const march = await importedAndRecomputed(
      app,
      group,
      await textOf(generatedExport(model, '2026-03-28', '2026-03-30', 11)),
    );
    expect(march).toMatchObject({ status: 'done', counts: { days: 3, intervals: 3 * 96 - 4 } });
    const autumn = await sharing(group, {
      from: '2026-10-25',
      to: '2026-10-25',
      granularity: '15m',
      ean: model.points[1]?.ean as string,
    });
    const starts = autumn.points[0]?.series.map((entry) => entry.start) ?? [];
    expect(starts).toHaveLength(100);
    expect(starts[0]).toBe('2026-10-24T22:00:00.000Z');
    expect(starts[8]).toBe('2026-10-25T00:00:00.000Z'); // 02:00 CEST
    expect(starts[12]).toBe('2026-10-25T01:00:00.000Z'); // the repeated 02:00, now CET
    expect(starts[99]).toBe('2026-10-25T22:45:00.000Z');
    const spring = await sharing(group, {
      from: '2026-03-29',
      to: '2026-03-29',
      granularity: '15m',
      source: 'computed',
    });
    expect(spring.points[0]?.series).toHaveLength(92);
    const edcSpring = await sharing(group, {
      from: '2026-03-29',
      to: '2026-03-29',
      granularity: '15m',
      source: 'edc',
    });
    expect(spring.points).toEqual(edcSpring.points);
    const discrepancies = await http()
      .get(`/api/communities/${group.community.communityId}/discrepancies`)
      .query({ from: '2026-03-01', to: '2026-10-31' })
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(discrepancies.body.total).toBe(0);
  });

  it('imports two communities at the same time, each into its own data', async () => {
    const [a, b] = [generatedGroup(2, 20), generatedGroup(2, 20)];
    const groupA = await registerGroup(app, a.points, a.key);
    const groupB = await registerGroup(app, b.points, b.key);
    const [csvA, csvB] = [
      await textOf(generatedExport(a, '2026-05-01', '2026-05-31', 1)),
      await textOf(generatedExport(b, '2026-05-01', '2026-05-31', 2)),
    ];
    const [acceptedA, acceptedB] = await Promise.all([
      upload(app, groupA.community, csvA),
      upload(app, groupB.community, csvB),
    ]);
    const [doneA, doneB] = await Promise.all([
      settledImport(app, groupA.community, acceptedA.id),
      settledImport(app, groupB.community, acceptedB.id),
    ]);
    expect([doneA.status, doneB.status]).toEqual(['done', 'done']);
    for (const [group, csv, model] of [
      [groupA, csvA, a],
      [groupB, csvB, b],
    ] as const) {
      const expected = await dayTotalsOf(csv);
      const month = await sharing(group, { from: '2026-05-01', to: '2026-05-31', granularity: 'month' });
      expect(month.points.map((point) => point.ean).sort()).toEqual(
        model.points.map((point) => point.ean).sort(),
      );
      for (const point of month.points) {
        const sum = [...(expected.get(point.ean)?.values() ?? [])].reduce(
          (total, day) => total + day.measured,
          0,
        );
        expect(point.totals.measuredKwh).toBe(sum / 100);
      }
    }
    // An import id of one community is unknown in the other.
    await http()
      .get(`/api/communities/${groupB.community.communityId}/imports/${acceptedA.id}`)
      .set(bearer(groupB.community.adminToken))
      .expect(404);
  });

  it('refuses an upload without a file, saying which field is expected', async () => {
    const fixture = await freshFixture();
    const group = await registerGroup(app, fixture.points.slice(0, 1), undefined);
    const response = await http()
      .post(`/api/communities/${group.community.communityId}/imports`)
      .set(bearer(group.community.adminToken))
      .field('note', 'no file')
      .expect(400);
    expect(response.body.error).toMatchObject({
      code: 'FILE_MISSING',
      message: expect.stringContaining('"file"'),
    });
  });

  it('lets a key version registered later change the computed sharing after the nightly recompute', async () => {
    const model = generatedGroup(1, 4);
    const group = await registerGroup(app, model.points, undefined);
    await importedAndRecomputed(app, group, await textOf(generatedExport(model, '2026-06-01', '2026-06-03')));
    const withoutKey = await sharing(group, {
      from: '2026-06-01',
      to: '2026-06-03',
      granularity: 'day',
      source: 'computed',
    });
    expect(withoutKey.points.every((point) => point.totals.sharedKwh === 0)).toBe(true);
    await registerKey(app, group.community, model.key, '2026-06-01');
    await worker.get(RecomputeRunner).run(group.community.communityId, '2026-06-01', '2026-06-03');
    const computed = await sharing(group, {
      from: '2026-06-01',
      to: '2026-06-03',
      granularity: '15m',
      source: 'computed',
    });
    const edc = await sharing(group, {
      from: '2026-06-01',
      to: '2026-06-03',
      granularity: '15m',
      source: 'edc',
    });
    expect(computed.points).toEqual(edc.points);
  });

  // Last in the file: a second application re-registers the process-wide Passport strategies.
  it('refuses a file over UPLOAD_MAX_BYTES with 413, naming the limit, and keeps nothing of it', async () => {
    process.env['UPLOAD_MAX_BYTES'] = '4096';
    const small = await createTestApp();
    delete process.env['UPLOAD_MAX_BYTES'];
    try {
      const fixture = await freshFixture();
      const group = await registerGroup(small, fixture.points.slice(0, 1), undefined);
      const response = await request(small.getHttpServer())
        .post(`/api/communities/${group.community.communityId}/imports`)
        .set(bearer(group.community.adminToken))
        .attach('file', Buffer.from(fixture.csv), 'april.csv')
        .expect(413);
      expect(response.body.error).toMatchObject({
        code: 'FILE_TOO_LARGE',
        message: expect.stringContaining('upload limit of 4 kB'),
        details: { limitBytes: 4096 },
      });
      const history = await request(small.getHttpServer())
        .get(`/api/communities/${group.community.communityId}/imports`)
        .set(bearer(group.community.adminToken))
        .expect(200);
      expect(history.body).toEqual([]);
      expect(readdirSync(join(process.env['UPLOAD_DIR'] as string, 'incoming'))).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
