import { randomBytes, randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { SERIES } from '@sdilna/api/data-access-readings';
import {
  expectRefusal,
  flatDay,
  memberPrincipal,
  ownerRows,
  seedPoints,
  signUpAdmin,
  storeReadings,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';
import { SharingModule } from '../sharing.module';
import { DashboardService } from './dashboard.service';

/** An import batch as the import worker leaves it, `minutesAgo` old. */
async function importBatch(
  communityId: string,
  status: 'done' | 'failed' | 'superseded',
  minutesAgo: number,
  period?: { from: string; to: string },
): Promise<{ id: string; fileName: string }> {
  const id = randomUUID();
  const fileName = `export-${status}-${minutesAgo}.csv`;
  await ownerRows(
    `INSERT INTO import_batches (community_id, id, status, source, file_name, stored_path, file_size, file_sha256,
                                 created_at, period_from, period_to)
     VALUES ($1, $2, $3, 'upload', $4, 'scratch/none', 1, $5, now() - make_interval(mins => $6), $7, $8)`,
    [
      communityId,
      id,
      status,
      fileName,
      randomBytes(32).toString('hex'),
      minutesAgo,
      period?.from ?? null,
      period?.to ?? null,
    ],
  );
  return { id, fileName };
}

async function settlementRun(communityId: string, period: string, status: 'draft' | 'approved' | 'final') {
  const id = randomUUID();
  await ownerRows(
    `INSERT INTO settlement_runs (community_id, id, period, period_from, period_to, status, compute_status)
     VALUES ($1, $2, $3, ($3 || '-01')::date, (($3 || '-01')::date + interval '1 month - 1 day')::date, $4, 'done')`,
    [communityId, id, period, status],
  );
  return id;
}

describe('DashboardService (service tier)', () => {
  let moduleRef: TestingModule;
  let dashboard: DashboardService;
  let admin: SignedUp;
  let seeded: { memberId: string; points: { id: string; ean: string; role: string }[] };
  let failed: { id: string; fileName: string };
  let runs: { march: string; april: string };

  const frame = useServiceModule(SharingModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    dashboard = moduleRef.get(DashboardService);
    seeded = await seedPoints(admin.communityId, admin.groupId, ['consumption'], '2026-05-01');
    const pointId = seeded.points[0]!.id;
    // 1–3 May measured in full, 4 May half, 5 May not at all
    await storeReadings(moduleRef, admin.communityId, [
      ...['2026-05-01', '2026-05-02', '2026-05-03'].map((day) => ({
        pointId,
        day,
        series: SERIES.measured,
        values: flatDay(10),
      })),
      { pointId, day: '2026-05-04', series: SERIES.measured, values: { 0: 10, 1: 10 } },
    ]);
    // a failure before the good import was fixed by it; the one after it was not
    await importBatch(admin.communityId, 'failed', 120);
    await importBatch(admin.communityId, 'superseded', 90, { from: '2026-04-01', to: '2026-04-30' });
    await importBatch(admin.communityId, 'done', 60, { from: '2026-05-01', to: '2026-05-05' });
    failed = await importBatch(admin.communityId, 'failed', 30);
    runs = {
      april: await settlementRun(admin.communityId, '2026-04', 'draft'),
      march: await settlementRun(admin.communityId, '2026-03', 'approved'),
    };
    await settlementRun(admin.communityId, '2026-02', 'final');
  });

  it('warns of the days missing per point, the failed import after the last good one and the runs waiting', async () => {
    const view = await dashboard.dashboard(admin.principal, admin.communityId, 100_000);
    expect(view.importCount).toBe(2);
    expect(view.lastDataDay).toBe('2026-05-05');
    expect(view.warnings).toEqual([
      {
        code: 'MISSING_DAYS',
        params: { points: 1, days: 2, from: '2026-05-01', to: '2026-05-05' },
        items: [{ id: seeded.points[0]!.ean, label: seeded.points[0]!.ean, count: 2 }],
      },
      { code: 'FAILED_IMPORTS', params: { count: 1 }, items: [{ id: failed.id, label: failed.fileName }] },
      {
        code: 'DRAFT_SETTLEMENT',
        params: { count: 2, period: '2026-03' },
        items: [
          { id: runs.march, label: '2026-03', period: '2026-03' },
          { id: runs.april, label: '2026-04', period: '2026-04' },
        ],
      },
    ]);
  });

  it('says the data is old once the last imported day is more than the given days back', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const age = Math.round((Date.parse(today) - Date.parse('2026-05-05')) / 86_400_000);
    const view = await dashboard.dashboard(admin.principal, admin.communityId, 7);
    const outdated = view.warnings.find((warning) => warning.code === 'DATA_OUTDATED');
    expect(outdated?.params).toMatchObject({ lastDay: '2026-05-05' });
    // the day in Prague may be one ahead of UTC's
    expect([age, age + 1]).toContain(outdated?.params['days']);
    const lenient = await dashboard.dashboard(admin.principal, admin.communityId, age + 1);
    expect(lenient.warnings.map((warning) => warning.code)).not.toContain('DATA_OUTDATED');
  });

  it('answers a new community with no warnings, and refuses a member (ROLE_FORBIDDEN)', async () => {
    const fresh = await signUpAdmin(moduleRef);
    expect(await dashboard.dashboard(fresh.principal, fresh.communityId)).toEqual({
      importCount: 0,
      lastDataDay: null,
      warnings: [],
    });
    const member = await memberPrincipal(moduleRef, admin.communityId, seeded.memberId);
    await expectRefusal(dashboard.dashboard(member, admin.communityId), 'ROLE_FORBIDDEN');
  });
});
