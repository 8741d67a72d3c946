import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { SERIES } from '@sdilna/api/data-access-readings';
import { uniqueEan } from '@sdilna/test-support/factories';
import {
  expectRefusal,
  memberPrincipal,
  seedPoints,
  storeReadings,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';

import { SharingModule } from './sharing.module';
import { SimulationService } from './simulation.service';

interface Point {
  readonly id: string;
  readonly ean: string;
}

describe('SimulationService (service tier)', () => {
  let moduleRef: TestingModule;
  let simulations: SimulationService;
  let admin: SignedUp;
  let seeded: { memberId: string; points: { id: string; ean: string; role: string }[] };
  let key: { method: string; allocations: object[] };

  const frame = useServiceModule(SharingModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    simulations = moduleRef.get(SimulationService);
    seeded = await seedPoints(admin.communityId, admin.groupId, ['production', 'consumption', 'consumption']);
    const [pv, cottage, flat] = seeded.points.map(({ id, ean }) => ({ id, ean })) as [Point, Point, Point];
    // 1 June 2026, 09:30: the PV exports 7.51 kWh, the cottage draws 0.37, the flat 12.21 (scenarios.md example)
    await storeReadings(moduleRef, admin.communityId, [
      { pointId: pv.id, day: '2026-06-01', series: SERIES.measured, values: { 38: 751 } },
      { pointId: cottage.id, day: '2026-06-01', series: SERIES.measured, values: { 38: 37 } },
      { pointId: flat.id, day: '2026-06-01', series: SERIES.measured, values: { 38: 1221 } },
    ]);
    key = {
      method: 'static-iterative',
      allocations: [
        { producer: pv.ean, consumer: cottage.ean, percent: 40, priority: 1 },
        { producer: pv.ean, consumer: flat.ean, percent: 60, priority: 1 },
      ],
    };
  });

  const day = { from: '2026-06-01', to: '2026-06-01' };

  it("runs the simulated key over the stored measured values beside the registered key's sharing", async () => {
    const [pv, cottage, flat] = seeded.points;
    const answer = await simulations.simulate(admin.principal, admin.communityId, { ...day, key });
    expect(answer).toMatchObject({ sharingGroupId: admin.groupId, days: 1 });
    // No key is registered for the group: nothing is shared with it; the simulated key shares 6.45 kWh in two
    // rounds (the cottage's 0.37 in full, the flat the rest of the 7.51 up to its 60 %, then the remainder).
    expect(answer.registered.sharedKwh).toBe(0);
    expect(answer.simulated.sharedKwh).toBe(6.45);
    expect(answer.changeKwh).toBe(6.45);
    const byEan = new Map(answer.points.map((point) => [point.ean, point]));
    expect(byEan.get(pv!.ean)).toMatchObject({ measuredKwh: 7.51, simulatedSharedKwh: 6.45 });
    expect(byEan.get(cottage!.ean)).toMatchObject({ measuredKwh: 0.37, simulatedSharedKwh: 0.37 });
    expect(byEan.get(flat!.ean)).toMatchObject({
      measuredKwh: 12.21,
      registeredSharedKwh: 0,
      simulatedSharedKwh: 6.08,
      changeKwh: 6.08,
    });
    expect(answer.members).toEqual([
      {
        memberId: seeded.memberId,
        name: 'Seeded member',
        registeredSharedKwh: 0,
        simulatedSharedKwh: 6.45,
        changeKwh: 6.45,
      },
    ]);
  });

  it('refuses a key that is no key, one naming EANs outside the community, and one without allocations', async () => {
    const [pv, cottage] = seeded.points;
    const elsewhere = uniqueEan();
    await expectRefusal(
      simulations.simulate(admin.principal, admin.communityId, {
        ...day,
        key: { method: 'static', allocations: [{ producer: pv!.ean, consumer: cottage!.ean, percent: 140 }] },
      }),
      'SIMULATION_KEY_INVALID',
    );
    await expect(
      simulations.simulate(admin.principal, admin.communityId, {
        ...day,
        key: {
          method: 'static',
          allocations: [{ producer: pv!.ean, consumer: elsewhere, percent: 50, priority: 1 }],
        },
      }),
    ).rejects.toMatchObject({
      code: 'SIMULATION_KEY_INVALID',
      details: { unknownEans: [elsewhere] },
    });
    await expectRefusal(
      simulations.simulate(admin.principal, admin.communityId, {
        ...day,
        key: { method: 'static', allocations: [] },
      }),
      'SIMULATION_KEY_INVALID',
    );
  });

  it('answers administrators only, for at most the simulation period', async () => {
    const member = await memberPrincipal(moduleRef, admin.communityId, seeded.memberId);
    await expectRefusal(simulations.simulate(member, admin.communityId, { ...day, key }), 'ROLE_FORBIDDEN');
    await expectRefusal(
      simulations.simulate(admin.principal, admin.communityId, { from: '2026-06-02', to: '2026-06-01', key }),
      'PERIOD_INVALID',
    );
  });
});
