import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { PairReadingsStore, ReadingsStore } from '@sdilna/api/data-access-readings';
import {
  expectRefusal,
  memberPrincipal,
  seedPoints,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';

import { DiscrepanciesService } from './discrepancies.service';
import { SharingModule } from './sharing.module';

/** The n-th 15-minute interval of 1 June 2026 (Prague, UTC+2). */
const interval = (n: number) => new Date(Date.parse('2026-05-31T22:00:00Z') + n * 15 * 60_000);

describe('DiscrepanciesService (service tier)', () => {
  let moduleRef: TestingModule;
  let discrepancies: DiscrepanciesService;
  let admin: SignedUp;
  let seeded: { memberId: string; points: { id: string; ean: string; role: string }[] };

  const frame = useServiceModule(SharingModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    discrepancies = moduleRef.get(DiscrepanciesService);
    seeded = await seedPoints(admin.communityId, admin.groupId, ['production', 'consumption', 'consumption']);
    const [pv, flat, cottage] = seeded.points.map((point) => point.id) as [string, string, string];
    // What a recompute stores: the differences, and the group day counting them (also those not stored).
    await moduleRef.get(TenantDatabase).run(admin.communityId, async (tx) => {
      const reading = (pointId: string, n: number, edc: number, computed: number) => ({
        pointId,
        intervalStart: interval(n),
        day: '2026-06-01',
        edcShared: edc,
        computedShared: computed,
        keyId: null,
      });
      await tx
        .store(ReadingsStore)
        .replaceDiscrepancies([pv, flat, cottage], '2026-06-01', '2026-06-01', [
          reading(flat, 38, 608, 600),
          reading(cottage, 38, 37, 45),
          reading(flat, 39, 100, 90),
        ]);
      await tx.store(ReadingsStore).replaceGroupDays(admin.groupId, '2026-06-01', '2026-06-01', [
        {
          sharingGroupId: admin.groupId,
          day: '2026-06-01',
          source: 'computed',
          production: 751,
          demand: 1258,
          shared: 645,
          missed: 0,
          discrepancies: 5,
        },
      ]);
      await tx.store(PairReadingsStore).replaceDiscrepancies([flat, cottage], '2026-06-01', '2026-06-01', [
        {
          producerPointId: pv,
          consumerPointId: flat,
          intervalStart: interval(38),
          day: '2026-06-01',
          edcShared: 608,
          computedShared: 600,
          keyId: null,
        },
      ]);
    });
  });

  const day = { from: '2026-06-01', to: '2026-06-01' };

  it('lists the stored differences in interval order in kWh, totalling what the group days counted', async () => {
    const [, flat, cottage] = seeded.points;
    const page = await discrepancies.list(admin.principal, admin.communityId, { ...day, limit: 2 });
    expect(page).toMatchObject({ total: 5, stored: 3, limit: 2, offset: 0 });
    expect(page.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ean: flat!.ean,
          edcSharedKwh: 6.08,
          computedSharedKwh: 6,
          differenceKwh: 0.08,
        }),
        expect.objectContaining({ ean: cottage!.ean, differenceKwh: -0.08, date: '2026-06-01' }),
      ]),
    );
    expect(page.items.map((item) => item.start)).toEqual([
      interval(38).toISOString(),
      interval(38).toISOString(),
    ]);
    const next = await discrepancies.list(admin.principal, admin.communityId, {
      ...day,
      limit: 2,
      offset: 2,
    });
    expect(next.items).toEqual([
      expect.objectContaining({ ean: flat!.ean, start: interval(39).toISOString() }),
    ]);
  });

  it('narrows to one EAN, whose total is the stored count, and refuses an EAN it does not know', async () => {
    const [, flat] = seeded.points;
    const page = await discrepancies.list(admin.principal, admin.communityId, { ...day, ean: flat!.ean });
    expect(page).toMatchObject({ total: 2, stored: 2 });
    await expectRefusal(
      discrepancies.list(admin.principal, admin.communityId, { ...day, ean: '859182400000000000' }),
      'EAN_NOT_FOUND',
    );
  });

  it('lists pair differences, selected by the producer or the consumer', async () => {
    const [pv, flat, cottage] = seeded.points;
    const all = await discrepancies.pairs(admin.principal, admin.communityId, day);
    expect(all).toMatchObject({ total: 1, limit: 200, offset: 0 });
    expect(all.items).toEqual([
      {
        producerEan: pv!.ean,
        consumerEan: flat!.ean,
        start: interval(38).toISOString(),
        date: '2026-06-01',
        edcSharedKwh: 6.08,
        computedSharedKwh: 6,
        differenceKwh: 0.08,
        keyId: null,
      },
    ]);
    expect(
      (await discrepancies.pairs(admin.principal, admin.communityId, { ...day, ean: pv!.ean })).total,
    ).toBe(1);
    expect(
      (await discrepancies.pairs(admin.principal, admin.communityId, { ...day, ean: cottage!.ean })).total,
    ).toBe(0);
  });

  it('answers administrators only, and refuses a period that ends before it starts or is longer than 400 days', async () => {
    const member = await memberPrincipal(moduleRef, admin.communityId, seeded.memberId);
    await expectRefusal(discrepancies.list(member, admin.communityId, day), 'ROLE_FORBIDDEN');
    await expectRefusal(discrepancies.pairs(member, admin.communityId, day), 'ROLE_FORBIDDEN');
    await expectRefusal(
      discrepancies.list(admin.principal, admin.communityId, { from: '2026-06-02', to: '2026-06-01' }),
      'PERIOD_INVALID',
    );
    await expectRefusal(
      discrepancies.pairs(admin.principal, admin.communityId, { from: '2026-01-01', to: '2027-03-01' }),
      'PERIOD_INVALID',
    );
  });
});
