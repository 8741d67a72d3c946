import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { recomputeAfterImportJobId } from '@sdilna/api/feature-imports';
import type { KeyFile } from '@sdilna/shared/domain-allocation';

import { createTestApp } from '../support/create-test-app';
import { bearer, registerKeyVersion, signUp, type TestCommunity } from '../support/factories';
import { jobCompleted, startInProcessWorker } from '../support/in-process-worker';
import { withOwner } from '../support/owner-database';
import { settledImport, upload } from '../support/readings-community';
import {
  exportWith,
  memberWithPoint,
  postPriceList,
  settleDraft,
  type RunBody,
  type SettlementPoint,
} from '../support/settlement-community';
import { useScratchStorage } from '../support/scratch-storage';

useScratchStorage('sharing-read-model');

const JUNE_FROM = '2026-06-01';
const JUNE_TO = '2026-06-30';
/** 12:00–12:15 */
const NOON = 48;

interface TwoProducers {
  community: TestCommunity;
  school: SettlementPoint;
  firemen: SettlementPoint;
  office: SettlementPoint;
  keyId: string;
}

/**
 * Issue 15: the recompute stores one engine run per group day (with the engine's pair results), and settlement
 * splits a consumer of several producers from those stored pairs instead of running the engine itself.
 */
describe('the sharing read model', () => {
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

  /** Two PV plants share with the office, 50 % each; on 10 and 20 June at noon the office receives 100 kWh. */
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
    // the import, then the recompute after it (which writes the read model) has finished
    await registerKeyVersion(app, community, key, '2026-01-01');
    const accepted = await upload(app, community, csv, 'export.csv');
    expect((await settledImport(app, community, accepted.id)).status).toBe('done');
    await jobCompleted(app, 'sharing', recomputeAfterImportJobId(community.communityId, accepted.id));
    await postPriceList(app, community, { pricePerKwh: '3.00' });
    const [row] = (await withOwner((connection) =>
      connection.query(`SELECT id FROM allocation_keys WHERE community_id = $1`, [community.communityId]),
    )) as [{ id: string }];
    return { community, school, firemen, office, keyId: row.id };
  }

  function member(run: RunBody, point: SettlementPoint): RunBody['members'][number] {
    const found = run.members.find((entry) => entry.memberId === point.memberId);
    if (found === undefined) throw new Error(`member ${point.memberId} is not in the run`);
    return found;
  }

  function runsOf(community: TestCommunity): Promise<Array<{ day: string; key: string; rounds: number }>> {
    return withOwner((connection) =>
      connection.query(
        `SELECT day::text AS day, key_version_id AS key, rounds FROM sharing_runs WHERE community_id = $1 ORDER BY day`,
        [community.communityId],
      ),
    );
  }

  function pairsOf(
    community: TestCommunity,
  ): Promise<Array<{ day: string; producer: string; consumer: string; basis: number; total: number }>> {
    return withOwner((connection) =>
      connection.query(
        `SELECT day::text AS day, producer_point_id AS producer, consumer_point_id AS consumer,
                basis_points AS basis, total::int AS total
           FROM engine_pair_readings WHERE community_id = $1 AND total <> 0 ORDER BY day, producer_point_id`,
        [community.communityId],
      ),
    );
  }

  it('stores one run per group day with every pair of the key, and settles from those pairs', async () => {
    const setup = await twoProducers();
    const runs = await runsOf(setup.community);
    expect(runs).toHaveLength(30);
    expect(runs.every((run) => run.key === setup.keyId)).toBe(true);
    const [{ count }] = (await withOwner((connection) =>
      connection.query(`SELECT count(*)::int AS count FROM engine_pair_readings WHERE community_id = $1`, [
        setup.community.communityId,
      ]),
    )) as [{ count: number }];
    // every pair of the key on every day, also the days it shared nothing
    expect(count).toBe(2 * 30);
    const pairs = await pairsOf(setup.community);
    expect(pairs.map((pair) => [pair.day, pair.total, pair.basis])).toEqual([
      ['2026-06-10', 5_000, 5_000],
      ['2026-06-10', 5_000, 5_000],
      ['2026-06-20', 5_000, 5_000],
      ['2026-06-20', 5_000, 5_000],
    ]);
    expect(new Set(pairs.map((pair) => pair.consumer))).toEqual(new Set([setup.office.pointId]));

    const run = await settleDraft(app, setup.community, '2026-06');
    expect(run.computeStatus, JSON.stringify(run.error)).toBe('done');
    expect(member(run, setup.school).suppliedKwh).toBe(100);
    expect(member(run, setup.firemen).suppliedKwh).toBe(100);
    expect(member(run, setup.office).receivedKwh).toBe(200);
  });

  it('recomputes the days whose key changed after their run before it settles, and splits by the new key', async () => {
    const setup = await twoProducers();
    const newKey: KeyFile = {
      method: 'static-iterative',
      allocations: [
        { producer: setup.school.ean, consumer: setup.office.ean, percent: 80, priority: 1 },
        { producer: setup.firemen.ean, consumer: setup.office.ean, percent: 20, priority: 1 },
      ],
    };
    await registerKeyVersion(app, setup.community, newKey, '2026-06-15');
    // The stored run of 20 June names the first key until a recompute (the one the key's registration asked
    // for, or the settlement's own of stale days) runs again: settling must not split by it either way.

    const run = await settleDraft(app, setup.community, '2026-06');
    expect(run.computeStatus, JSON.stringify(run.error)).toBe('done');
    const runs = await runsOf(setup.community);
    expect(runs).toHaveLength(30);
    expect(
      new Set(runs.filter((stored) => stored.day >= '2026-06-15').map((stored) => stored.key)).size,
    ).toBe(1);
    expect(runs.find((stored) => stored.day === '2026-06-20')?.key).not.toBe(setup.keyId);
    // 10 June by the first key (50 / 50), 20 June by the new one (80 / 20)
    expect(member(run, setup.school).suppliedKwh).toBe(130);
    expect(member(run, setup.firemen).suppliedKwh).toBe(70);
    expect(member(run, setup.office).receivedKwh).toBe(200);
  });
});
