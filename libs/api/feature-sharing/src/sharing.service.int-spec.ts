import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { ReadingsStore, SERIES } from '@sdilna/api/data-access-readings';
import {
  expectRefusal,
  memberPrincipal,
  seedPoints,
  storeReadings,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';

import { SharingModule } from './sharing.module';
import { SharingService } from './sharing.service';

describe('SharingService (service tier)', () => {
  let moduleRef: TestingModule;
  let sharing: SharingService;
  let admin: SignedUp;
  let household: { memberId: string; points: { id: string; ean: string; role: string }[] };
  let producer: { memberId: string; points: { id: string; ean: string; role: string }[] };

  const frame = useServiceModule(SharingModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    sharing = moduleRef.get(SharingService);
    producer = await seedPoints(admin.communityId, admin.groupId, ['production']);
    household = await seedPoints(admin.communityId, admin.groupId, ['consumption']);
    const [pv] = producer.points;
    const [flat] = household.points;
    // 1 and 2 June: the flat draws 1.00 kWh at 09:30 and 0.50 at 09:45, EDC shares 0.60 and 0.20 of it
    await storeReadings(moduleRef, admin.communityId, [
      { pointId: pv!.id, day: '2026-06-01', series: SERIES.measured, values: { 38: 200 } },
      { pointId: pv!.id, day: '2026-06-01', series: SERIES.edcShared, values: { 38: 80 } },
      { pointId: flat!.id, day: '2026-06-01', series: SERIES.measured, values: { 38: 100, 39: 50 } },
      { pointId: flat!.id, day: '2026-06-01', series: SERIES.edcShared, values: { 38: 60, 39: 20 } },
      { pointId: flat!.id, day: '2026-06-02', series: SERIES.measured, values: { 38: 100 } },
      { pointId: flat!.id, day: '2026-06-02', series: SERIES.edcShared, values: { 38: 0 } },
    ]);
    await moduleRef.get(TenantDatabase).run(admin.communityId, (tx) =>
      tx.store(ReadingsStore).replaceGroupDays(admin.groupId, '2026-06-01', '2026-06-02', [
        {
          sharingGroupId: admin.groupId,
          day: '2026-06-01',
          source: 'edc',
          production: 200,
          demand: 150,
          shared: 80,
          missed: 0,
          discrepancies: 0,
        },
      ]),
    );
  });

  const period = { from: '2026-06-01', to: '2026-06-02' };

  it("answers an administrator every point's day totals in kWh, residual = measured − shared, with the groups", async () => {
    const answer = await sharing.sharing(admin.principal, admin.communityId, period);
    expect(answer).toMatchObject({ granularity: 'day', source: 'edc' });
    const flat = answer.points.find((point) => point.ean === household.points[0]!.ean);
    expect(flat?.series).toEqual([
      expect.objectContaining({ measuredKwh: 1.5, sharedKwh: 0.8, residualKwh: 0.7 }),
      expect.objectContaining({ measuredKwh: 1, sharedKwh: 0, residualKwh: 1 }),
    ]);
    expect(flat?.totals).toEqual({ measuredKwh: 2.5, sharedKwh: 0.8, residualKwh: 1.7 });
    expect(answer.points).toHaveLength(2);
    expect(answer.groups).toEqual([
      expect.objectContaining({ sharingGroupId: admin.groupId, productionKwh: 2, sharedKwh: 0.8 }),
    ]);
  });

  it('answers a member only its own points, without the groups, the same by day and by interval', async () => {
    const member = await memberPrincipal(moduleRef, admin.communityId, household.memberId);
    const byDay = await sharing.sharing(member, admin.communityId, period);
    expect(byDay.points.map((point) => point.ean)).toEqual([household.points[0]!.ean]);
    expect(byDay.groups).toEqual([]);
    const byInterval = await sharing.sharing(member, admin.communityId, { ...period, granularity: '15m' });
    expect(byInterval.points.map((point) => point.ean)).toEqual([household.points[0]!.ean]);
    expect(byInterval.points[0]?.totals).toEqual(byDay.points[0]?.totals);
    // another member's EAN answers as if it did not exist
    await expectRefusal(
      sharing.sharing(member, admin.communityId, { ...period, ean: producer.points[0]!.ean }),
      'EAN_NOT_FOUND',
    );
    await expectRefusal(sharing.groups(member, admin.communityId, period), 'ROLE_FORBIDDEN');
  });

  it('refuses a period longer than its granularity allows', async () => {
    await expectRefusal(
      sharing.sharing(admin.principal, admin.communityId, {
        from: '2026-01-01',
        to: '2026-03-31',
        granularity: '15m',
      }),
      'PERIOD_INVALID',
    );
  });
});
