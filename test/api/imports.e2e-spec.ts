import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importJobId, recomputeAfterImportJobId } from '@sdilna/api/feature-imports';

import { createTestApp } from '../support/create-test-app';
import { dayTotalsOf, freshFixture } from '../support/edc-files';
import { bearer } from '../support/factories';
import { jobCompleted, startInProcessWorker } from '../support/in-process-worker';
import { registerGroup, settledImport, upload, type RegisteredGroup } from '../support/readings-community';

// Uploads and inbox files of this run stay in a temporary folder, not in the repository's .data/.
const scratch = mkdtempSync(join(tmpdir(), 'sdilna-imports-'));
process.env['UPLOAD_DIR'] = join(scratch, 'uploads');
process.env['INBOX_DIR'] = join(scratch, 'inbox');

interface SharingBody {
  points: Array<{
    ean: string;
    role: string;
    series: Array<{ start: string; measuredKwh: number | null; sharedKwh: number | null; residualKwh: number | null }>;
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

  async function sharing(group: RegisteredGroup, query: Record<string, string>, token = group.community.adminToken): Promise<SharingBody> {
    const response = await http()
      .get(`/api/communities/${group.community.communityId}/sharing`)
      .query(query)
      .set(bearer(token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as SharingBody;
  }

  async function importedAndRecomputed(group: RegisteredGroup, csv: string) {
    const accepted = await upload(app, group.community, csv, 'group-a-2026-04.csv');
    const settled = await settledImport(app, group.community, accepted.id);
    if (settled.status === 'done') {
      await jobCompleted(app, 'sharing', recomputeAfterImportJobId(group.community.communityId, accepted.id));
    }
    return settled;
  }

  it('imports the April fixture so that our engine with the registered key matches EDC in every interval', async () => {
    const fixture = await freshFixture();
    const group = await registerGroup(app, fixture.points, fixture.key);
    const settled = await importedAndRecomputed(group, fixture.csv);
    expect(settled, JSON.stringify(settled.error)).toMatchObject({ status: 'done', progress: 1, period: { from: '2026-04-01', to: '2026-04-30' } });
    expect(settled.counts).toMatchObject({ points: 28, days: 30, intervals: 2880 });

    const query = { from: '2026-04-01', to: '2026-04-30', granularity: '15m' };
    const edc = await sharing(group, { ...query, source: 'edc' });
    const computed = await sharing(group, { ...query, source: 'computed' });
    expect(edc.points).toHaveLength(28);
    expect(edc.points[0]?.series).toHaveLength(2880);
    const sharedIntervals = edc.points.flatMap((point) => point.series).filter((entry) => (entry.sharedKwh ?? 0) > 0);
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
    const daily = await sharing(group, { from: '2026-04-01', to: '2026-04-30', granularity: 'day', source: 'edc' });
    for (const point of daily.points) {
      for (const entry of point.series) {
        const day = expected.get(point.ean)?.get(entry.start);
        expect(entry.measuredKwh).toBe((day?.measured ?? 0) / 100);
        expect(entry.sharedKwh).toBe((day?.shared ?? 0) / 100);
      }
    }
    const monthly = await sharing(group, { from: '2026-04-01', to: '2026-04-30', granularity: 'month', source: 'computed' });
    const edcMonthly = await sharing(group, { from: '2026-04-01', to: '2026-04-30', granularity: 'month', source: 'edc' });
    expect(monthly.points).toEqual(edcMonthly.points);
    expect(monthly.groups).toHaveLength(1);
    expect(monthly.groups[0]).toMatchObject({ discrepancies: 0 });
    expect(monthly.groups[0]?.sharedKwh).toBe(edcMonthly.groups[0]?.sharedKwh);
    expect(monthly.groups[0]?.missedKwh).toBe(edcMonthly.groups[0]?.missedKwh);
    expect(monthly.groups[0]?.sharedKwh).toBeGreaterThan(0);
    expect(importJobId(group.community.communityId, settled.id)).toBe(`import:${group.community.communityId}:${settled.id}`);
  });
});
