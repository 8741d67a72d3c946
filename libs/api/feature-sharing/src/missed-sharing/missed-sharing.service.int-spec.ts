import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { SERIES } from '@sdilna/api/data-access-readings';
import { AllocationKeysModule, AllocationKeysService } from '@sdilna/api/feature-allocation-keys';
import {
  memberPrincipal,
  seedPoints,
  storeReadings,
  useServiceModule,
  type SignedUp,
} from '@sdilna/test-support/service-module';

import { SharingModule } from '../sharing.module';
import { MissedSharingService } from './missed-sharing.service';

describe('MissedSharingService (service tier)', () => {
  let moduleRef: TestingModule;
  let missed: MissedSharingService;
  let admin: SignedUp;
  let owner: { memberId: string; points: { id: string; ean: string }[] };
  let neighbour: { memberId: string; points: { id: string; ean: string }[] };

  const frame = useServiceModule(SharingModule, AllocationKeysModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    missed = moduleRef.get(MissedSharingService);
    owner = await seedPoints(admin.communityId, admin.groupId, ['production', 'consumption']);
    neighbour = await seedPoints(admin.communityId, admin.groupId, ['consumption']);
    const [pv, cottage] = owner.points as [{ id: string; ean: string }, { id: string; ean: string }];
    const [flat] = neighbour.points as [{ id: string; ean: string }];
    await moduleRef.get(AllocationKeysService).create(admin.principal, admin.communityId, {
      validFrom: '2026-05-01',
      method: 'static',
      allocations: [
        { producer: pv.ean, consumer: cottage.ean, percent: 50 },
        { producer: pv.ean, consumer: flat.ean, percent: 20 },
      ],
    });
    // 4 May, interval 40: the PV exports 10 kWh, the cottage draws 2, the flat 6; the key shares 2 + 2 and
    // sends 6 kWh to the grid while the flat still draws 4. Interval 41: no sun, the flat draws 3.
    await storeReadings(moduleRef, admin.communityId, [
      { pointId: pv.id, day: '2026-05-04', series: SERIES.measured, values: { 40: 1000, 41: 0 } },
      { pointId: cottage.id, day: '2026-05-04', series: SERIES.measured, values: { 40: 200 } },
      { pointId: flat.id, day: '2026-05-04', series: SERIES.measured, values: { 40: 600, 41: 300 } },
    ]);
  });

  it("gives each consumption point the smaller of the group's surplus and its own remaining import", async () => {
    const answer = await missed.month(admin.principal, admin.communityId, '2026-05');
    expect(answer).toMatchObject({ month: '2026-05', days: 1 });
    const byEan = new Map(answer.points.map((point) => [point.ean, point]));
    expect(byEan.get(neighbour.points[0]!.ean)).toMatchObject({ missedKwh: 4, remainingKwh: 7 });
    expect(byEan.get(owner.points[1]!.ean)).toMatchObject({ missedKwh: 0, remainingKwh: 0 });
    expect(byEan.has(owner.points[0]!.ean)).toBe(false);
    expect(answer.members).toEqual([
      { memberId: neighbour.memberId, name: 'Seeded member', missedKwh: 4 },
      { memberId: owner.memberId, name: 'Seeded member', missedKwh: 0 },
    ]);
  });

  it("shows a member its own points only, counting the whole group's surplus", async () => {
    const member = await memberPrincipal(moduleRef, admin.communityId, neighbour.memberId);
    const answer = await missed.month(member, admin.communityId, '2026-05');
    expect(answer.points.map((point) => point.ean)).toEqual([neighbour.points[0]!.ean]);
    expect(answer.points[0]).toMatchObject({ missedKwh: 4 });
  });

  it('answers a month without data with zeros', async () => {
    const answer = await missed.month(admin.principal, admin.communityId, '2026-06');
    expect(answer.days).toBe(0);
    expect(answer.points.every((point) => point.missedKwh === 0)).toBe(true);
  });
});
