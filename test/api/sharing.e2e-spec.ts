import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CompletenessService } from '@sdilna/api/feature-sharing';

import { createTestApp } from '../support/create-test-app';
import { generatedExport, generatedGroup, textOf, type EdcFile } from '../support/edc-files';
import { bearer } from '../support/factories';
import { startInProcessWorker } from '../support/in-process-worker';
import {
  importedFixtureGroup,
  memberLogin,
  type RegisteredGroup,
  registerGroup,
  settledImport,
  upload,
} from '../support/readings-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('sharing');

describe('sharing, completeness and simulations', () => {
  let app: INestApplication;
  let worker: TestingModule;
  let fixture: EdcFile;
  let group: RegisteredGroup;

  beforeAll(async () => {
    app = await createTestApp();
    worker = await startInProcessWorker();
    ({ fixture, group } = await importedFixtureGroup(app));
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const http = () => request(app.getHttpServer());
  const path = (suffix: string) => `/api/communities/${group.community.communityId}/${suffix}`;

  it("shows a member only their own points and answers 404 for another member's EAN", async () => {
    const own = fixture.points[3]?.ean as string;
    const other = fixture.points[4]?.ean as string;
    const token = await memberLogin(app, group.community, group.points.get(own)?.memberId as string);
    const mine = await http()
      .get(path('sharing'))
      .query({ from: '2026-04-01', to: '2026-04-30', granularity: 'month' })
      .set(bearer(token))
      .expect(200);
    expect(mine.body.points.map((point: { ean: string }) => point.ean)).toEqual([own]);
    expect(mine.body.groups).toEqual([]);
    expect(mine.body.points[0].totals.sharedKwh).toBeGreaterThan(0);
    const foreign = await http()
      .get(path('sharing'))
      .query({ from: '2026-04-01', to: '2026-04-30', ean: other })
      .set(bearer(token))
      .expect(404);
    expect(foreign.body.error.code).toBe('EAN_NOT_FOUND');
    const completeness = await http()
      .get(path('completeness'))
      .query({ month: '2026-04' })
      .set(bearer(token))
      .expect(200);
    expect(completeness.body.points.map((point: { ean: string }) => point.ean)).toEqual([own]);
    await http()
      .get(path('discrepancies'))
      .query({ from: '2026-04-01', to: '2026-04-30' })
      .set(bearer(token))
      .expect(403);
    await http().get(path('imports')).set(bearer(token)).expect(403);
    await http()
      .post(path('simulations'))
      .set(bearer(token))
      .send({ from: '2026-04-01', to: '2026-04-30', key: fixture.key })
      .expect(403);
  });

  it("gives a member's monthly summary (one statement) the same days as the administrator's answer", async () => {
    const own = fixture.points[5]?.ean as string;
    const token = await memberLogin(app, group.community, group.points.get(own)?.memberId as string);
    for (const source of ['edc', 'computed']) {
      const query = { from: '2026-04-01', to: '2026-04-30', granularity: 'day', source };
      const mine = await http().get(path('sharing')).query(query).set(bearer(token)).expect(200);
      const admin = await http()
        .get(path('sharing'))
        .query({ ...query, ean: own })
        .set(bearer(group.community.adminToken))
        .expect(200);
      expect(mine.body.points).toHaveLength(1);
      expect(mine.body.points[0].series).toHaveLength(30);
      expect(mine.body.points[0].totals.sharedKwh).toBeGreaterThan(0);
      expect(mine.body.points).toEqual(admin.body.points);
    }
  });

  it('answers 404 for a community the caller does not belong to', async () => {
    const stranger = await registerGroup(app, [], undefined);
    const response = await http()
      .get(path('sharing'))
      .query({ from: '2026-04-01', to: '2026-04-30' })
      .set(bearer(stranger.community.adminToken))
      .expect(404);
    expect(response.body.error.code).toBe('COMMUNITY_NOT_FOUND');
  });

  it('gives energy as kWh numbers with at most two decimals and residual = measured − shared', async () => {
    const response = await http()
      .get(path('sharing'))
      .query({ from: '2026-04-01', to: '2026-04-03', granularity: '15m' })
      .set(bearer(group.community.adminToken))
      .expect(200);
    for (const point of response.body.points as Array<{
      series: Array<{ measuredKwh: number; sharedKwh: number; residualKwh: number }>;
    }>) {
      for (const entry of point.series) {
        for (const value of [entry.measuredKwh, entry.sharedKwh, entry.residualKwh])
          expect(Math.round(value * 100) / 100).toBe(value);
        expect(Math.round((entry.measuredKwh - entry.sharedKwh) * 100)).toBe(
          Math.round(entry.residualKwh * 100),
        );
      }
    }
  });

  it('explains a bad period and a bad granularity in the contract error body', async () => {
    const backwards = await http()
      .get(path('sharing'))
      .query({ from: '2026-04-30', to: '2026-04-01' })
      .set(bearer(group.community.adminToken))
      .expect(400);
    expect(backwards.body.error).toMatchObject({
      code: 'PERIOD_INVALID',
      message: expect.stringContaining('before it starts'),
    });
    const tooLong = await http()
      .get(path('sharing'))
      .query({ from: '2026-01-01', to: '2026-04-30', granularity: '15m' })
      .set(bearer(group.community.adminToken))
      .expect(400);
    expect(tooLong.body.error.message).toContain('longer than 62 days');
    const granularity = await http()
      .get(path('sharing'))
      .query({ from: '2026-04-01', to: '2026-04-30', granularity: 'hour' })
      .set(bearer(group.community.adminToken))
      .expect(400);
    expect(granularity.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('granularity must be one of 15m, day, month'),
    });
  });

  it('reports every April day of every point complete and May missing', async () => {
    const april = await http()
      .get(path('completeness'))
      .query({ month: '2026-04' })
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(april.body.counts).toEqual({ complete: 28 * 30, preliminary: 0, partial: 0, missing: 0 });
    const may = await http()
      .get(path('completeness'))
      .query({ month: '2026-05' })
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(may.body.counts).toEqual({ complete: 0, preliminary: 0, partial: 0, missing: 28 * 31 });
  });

  it('marks days with intervals EDC has not evaluated as preliminary and records the daily check', async () => {
    const model = generatedGroup(1, 2);
    const other = await registerGroup(app, model.points, model.key);
    let csv = await textOf(generatedExport(model, '2026-06-01', '2026-06-02'));
    // The last interval of 2 June without OUT (not yet evaluated by EDC), as preliminary daily data come.
    const lines = csv.split('\n');
    const last = lines.length - 2;
    lines[last] = (lines[last] as string).replace(/;[^;]*;$/, ';;');
    csv = lines.join('\n');
    const accepted = await upload(app, other.community, csv);
    expect((await settledImport(app, other.community, accepted.id)).status).toBe('done');
    const june = await http()
      .get(`/api/communities/${other.community.communityId}/completeness`)
      .query({ month: '2026-06' })
      .set(bearer(other.community.adminToken))
      .expect(200);
    const consumer = (
      june.body.points as Array<{ ean: string; days: Array<{ date: string; status: string }> }>
    ).find((point) => point.ean === model.points[2]?.ean);
    // two days are a daily (preliminary) file: 1 June is evaluated but not final either
    expect(consumer?.days.slice(0, 3)).toEqual([
      { date: '2026-06-01', status: 'preliminary' },
      { date: '2026-06-02', status: 'preliminary' },
      { date: '2026-06-03', status: 'missing' },
    ]);
    const communities = await worker.get(CompletenessService).check(3, Date.parse('2026-06-03T12:00:00Z'));
    expect(communities).toBeGreaterThanOrEqual(2);
  });

  it('stores a partial day as partial', async () => {
    const model = generatedGroup(1, 1);
    const other = await registerGroup(app, model.points, model.key);
    const csv = await textOf(generatedExport(model, '2026-07-01', '2026-07-01'));
    // Empty cells (no data) for the consumer in the first interval: a point that joined at 00:15.
    const blanked = csv.replace(/^(01\.07\.2026;00:00;00:15;[^;]*;[^;]*;)[^;]*;[^;]*;/m, '$1;;');
    const accepted = await upload(app, other.community, blanked);
    const settled = await settledImport(app, other.community, accepted.id);
    expect(settled.status).toBe('done');
    expect(settled.warnings[0]?.message).toMatch(/has no data \(empty cells\) in 1 intervals/);
    const july = await http()
      .get(`/api/communities/${other.community.communityId}/completeness`)
      .query({ month: '2026-07' })
      .set(bearer(other.community.adminToken))
      .expect(200);
    const consumer = (july.body.points as Array<{ ean: string; days: unknown[] }>).find(
      (point) => point.ean === model.points[1]?.ean,
    );
    expect(consumer?.days[0]).toEqual({ date: '2026-07-01', status: 'partial' });
  });

  it('simulates another key over the stored month next to the registered one, per EAN and member', async () => {
    const even = {
      method: 'static-iterative',
      allocations: fixture.key.allocations.map((allocation) => ({ ...allocation, percent: 3.7 })),
    };
    const response = await http()
      .post(path('simulations'))
      .set(bearer(group.community.adminToken))
      .send({ from: '2026-04-01', to: '2026-04-30', key: even })
      .expect(200);
    const body = response.body as {
      days: number;
      registered: { sharedKwh: number; missedKwh: number };
      simulated: { sharedKwh: number; missedKwh: number };
      changeKwh: number;
      points: Array<{
        ean: string;
        registeredSharedKwh: number;
        simulatedSharedKwh: number;
        changeKwh: number;
      }>;
      members: Array<{ memberId: string; changeKwh: number }>;
    };
    expect(body.days).toBe(30);
    const month = await http()
      .get(path('sharing'))
      .query({ from: '2026-04-01', to: '2026-04-30', granularity: 'month', source: 'edc' })
      .set(bearer(group.community.adminToken))
      .expect(200);
    expect(body.registered.sharedKwh).toBe(month.body.groups[0].sharedKwh);
    expect(body.registered.missedKwh).toBe(month.body.groups[0].missedKwh);
    expect(body.simulated.sharedKwh).not.toBe(body.registered.sharedKwh);
    expect(Math.round(body.changeKwh * 100)).toBe(
      Math.round((body.simulated.sharedKwh - body.registered.sharedKwh) * 100),
    );
    expect(body.points).toHaveLength(28);
    expect(body.members).toHaveLength(27);
    const nine = fixture.key.allocations.find((allocation) => allocation.percent === 9)?.consumer;
    expect(body.points.find((point) => point.ean === nine)?.changeKwh).toBeLessThan(0);
  });

  it('refuses a simulation key with problems, listing each', async () => {
    const response = await http()
      .post(path('simulations'))
      .set(bearer(group.community.adminToken))
      .send({
        from: '2026-04-01',
        to: '2026-04-30',
        key: {
          method: 'static',
          allocations: [{ producer: fixture.points[0]?.ean, consumer: fixture.points[1]?.ean, percent: 120 }],
        },
      })
      .expect(400);
    expect(response.body.error.code).toBe('SIMULATION_KEY_INVALID');
    expect(response.body.error.message).toMatch(/percent/);
    const unknown = await http()
      .post(path('simulations'))
      .set(bearer(group.community.adminToken))
      .send({
        from: '2026-04-01',
        to: '2026-04-30',
        key: {
          method: 'static',
          allocations: [{ producer: fixture.points[0]?.ean, consumer: '859182400123456789', percent: 10 }],
        },
      })
      .expect(400);
    expect(unknown.body.error.message).toContain('859182400123456789');
  });
});
