import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { SERIES } from '@sdilna/api/data-access-readings';
import { PriceListStore } from '@sdilna/api/data-access-settlement';
import { withOwner } from '@sdilna/test-support/owner-database';
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
        registeredValueCzk: null,
        simulatedValueCzk: null,
        changeCzk: null,
        registeredSavingCzk: null,
        simulatedSavingCzk: null,
        savingChangeCzk: null,
      },
    ]);
    // no price list yet: no Kč, and the answer says why
    expect(answer.simulated).toMatchObject({ valueCzk: null, savingCzk: null });
    expect(answer.moneyUnknown).toMatchObject({ code: 'NO_PRICE_LIST' });
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

  it("shows Kč next to kWh: the value at the community's price and each member's saving, priced as settlement does", async () => {
    const [pv] = seeded.points;
    const neighbour = await seedPoints(admin.communityId, admin.groupId, ['consumption']);
    const flat = neighbour.points[0]!;
    // 2 June, 09:30: the PV exports 7.51 kWh, the neighbour's flat draws 5; a key of 100 % shares all 5
    await storeReadings(moduleRef, admin.communityId, [
      { pointId: pv!.id, day: '2026-06-02', series: SERIES.measured, values: { 38: 751 } },
      { pointId: flat.id, day: '2026-06-02', series: SERIES.measured, values: { 38: 500 } },
    ]);
    // 3 Kč/kWh inside the community from June; the neighbour's supplier sells at 5 Kč/kWh
    await moduleRef.get(TenantDatabase).run(admin.communityId, (tx) =>
      tx.store(PriceListStore).create({
        name: 'Ceník',
        validFrom: '2026-06-01',
        vatRate: 2100,
        communityMarginPerMwh: 0,
        bands: [],
        rules: [{ price: 300_000 }],
        createdBy: null,
      }),
    );
    await withOwner((connection) =>
      connection.query(
        `INSERT INTO metering_point_prices (community_id, metering_point_id, kind, price_centi_halere_per_kwh, valid_from)
         VALUES ($1, $2, 'supplier-energy', 50000, '2026-06-01')`,
        [admin.communityId, flat.id],
      ),
    );
    const answer = await simulations.simulate(admin.principal, admin.communityId, {
      from: '2026-06-02',
      to: '2026-06-02',
      key: {
        method: 'static',
        allocations: [{ producer: pv!.ean, consumer: flat.ean, percent: 100, priority: 1 }],
      },
    });
    expect(answer.moneyUnknown).toBeNull();
    expect(answer.simulated).toMatchObject({ sharedKwh: 5, valueCzk: '15.00', savingCzk: '10.00' });
    expect(answer.registered).toMatchObject({ sharedKwh: 0, valueCzk: '0.00' });
    expect(answer.changeCzk).toBe('15.00');
    expect(answer.members.find((member) => member.memberId === neighbour.memberId)).toMatchObject({
      simulatedSharedKwh: 5,
      registeredValueCzk: '0.00',
      simulatedValueCzk: '15.00',
      changeCzk: '15.00',
      simulatedSavingCzk: '10.00',
      savingChangeCzk: '10.00',
    });
  });
});
