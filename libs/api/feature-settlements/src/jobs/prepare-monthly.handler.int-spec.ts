import { describe, expect, it } from 'vitest';

import { type CrossTenantStore, TenantDatabase } from '@sdilna/api/data-access-db';
import { SettlementsModule } from '../settlements.module';
import { ownerRows, seedPoints, useServiceModule } from '@sdilna/test-support/service-module';

import { PrepareMonthlyHandler } from './prepare-monthly.handler';
import type { SettlementJobs } from './settlement-jobs';

describe('PrepareMonthlyHandler and data gaps', () => {
  const frame = useServiceModule(SettlementsModule);

  it('raises the data-gap alert of an incomplete month once, instead of skipping it silently', async () => {
    const { moduleRef, admin } = frame;
    const { points } = await seedPoints(admin.communityId, admin.groupId, ['consumption']);
    // Only this spec's community, so the job does not visit every community of the shared database.
    const system = {
      communitiesWithReadings: async () => [admin.communityId],
    } as unknown as CrossTenantStore;
    const jobs = { enqueueCompute: async () => undefined } as unknown as SettlementJobs;
    const handler = new PrepareMonthlyHandler(system, moduleRef.get(TenantDatabase), jobs);

    // 3 December: November ended only 3 days ago, EDC may still deliver; nothing is raised yet.
    expect(await handler.handle({ requestedAt: '2026-12-03T10:00:00Z' })).toEqual({
      prepared: [],
      dataGaps: [],
    });
    // 7 December: November is due and the point has no data: one data-gap alert per administrator.
    expect(await handler.handle({ requestedAt: '2026-12-07T10:00:00Z' })).toEqual({
      prepared: [],
      dataGaps: [admin.communityId],
    });
    expect(await handler.handle({ requestedAt: '2026-12-08T10:00:00Z' })).toEqual({
      prepared: [],
      dataGaps: [],
    });
    const rows = await ownerRows<{
      dedupe_key: string;
      params: { ean: string; month: string; days: number };
    }>(`SELECT dedupe_key, params FROM notifications WHERE community_id = $1 AND kind = 'data-gap'`, [
      admin.communityId,
    ]);
    expect(rows).toEqual([
      {
        dedupe_key: `data-gap:${points[0]?.id}:2026-11`,
        params: { ean: points[0]?.ean, month: '2026-11', days: 30 },
      },
    ]);
  });
});
