import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  expectRefusal,
  memberPrincipal,
  ownerRows,
  seedPoints,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';
import { MeteringPointPricesService } from './metering-point-prices.service';
import { MeteringPointsModule } from './metering-points.module';

type Seeded = { memberId: string; points: { id: string; ean: string; role: string }[] };

describe('MeteringPointPricesService (service tier)', () => {
  let moduleRef: TestingModule;
  let prices: MeteringPointPricesService;
  let admin: SignedUp;
  /** a member with a consumption and a production point, and a neighbour with a consumption point */
  let mine: Seeded;
  let neighbour: Seeded;

  const frame = useServiceModule(MeteringPointsModule);

  beforeAll(async () => {
    ({ moduleRef, admin } = frame);
    prices = moduleRef.get(MeteringPointPricesService);
    mine = await seedPoints(admin.communityId, admin.groupId, ['consumption', 'production']);
    neighbour = await seedPoints(admin.communityId, admin.groupId, ['consumption']);
  });

  it('stores a price as hundredths of a haléř per kWh (4 decimals of Kč) and refuses any other text (INVALID_PRICE)', async () => {
    const production = mine.points[1]!.id;
    const price = await prices.add(admin.principal, admin.communityId, production, {
      kind: 'feed-in',
      pricePerKwh: '1.2345',
      validFrom: '2026-01-01',
    });
    expect(price).toMatchObject({ kind: 'feed-in', pricePerKwh: '1.2345', currency: 'CZK', validTo: null });
    const [row] = await ownerRows<{ price: number }>(
      `SELECT price_centi_halere_per_kwh AS price FROM metering_point_prices WHERE id = $1`,
      [price.id],
    );
    expect(row?.price).toBe(12345);
    for (const pricePerKwh of ['1,50', '-1.00', '1.23456', 'free'])
      await expectRefusal(
        prices.add(admin.principal, admin.communityId, production, {
          kind: 'feed-in',
          pricePerKwh,
          validFrom: '2027-01-01',
        }),
        'INVALID_PRICE',
      );
    // a production point is paid for its feed-in; a supplier price is a consumption point's
    await expectRefusal(
      prices.add(admin.principal, admin.communityId, production, {
        kind: 'supplier-energy',
        pricePerKwh: '5.00',
        validFrom: '2027-01-01',
      }),
      'PRICE_KIND_MISMATCH',
    );
    expect(await prices.list(admin.principal, admin.communityId, production)).toEqual([price]);
  });

  it('ends a price so the next starts the day after, and never reopens it over the next (PRICE_PERIOD_OVERLAP)', async () => {
    const consumption = mine.points[0]!.id;
    const first = await prices.add(admin.principal, admin.communityId, consumption, {
      kind: 'supplier-energy',
      pricePerKwh: '6.5',
      validFrom: '2026-01-01',
    });
    const ended = await prices.close(admin.principal, admin.communityId, consumption, first.id, {
      validTo: '2026-06-30',
    });
    expect(ended).toMatchObject({ id: first.id, pricePerKwh: '6.50', validTo: '2026-06-30' });
    const next = await prices.add(admin.principal, admin.communityId, consumption, {
      kind: 'supplier-energy',
      pricePerKwh: '7.00',
      validFrom: '2026-07-01',
    });
    await expect(
      prices.close(admin.principal, admin.communityId, consumption, first.id, { validTo: null }),
    ).rejects.toMatchObject({ code: 'PRICE_PERIOD_OVERLAP', details: { prices: [{ id: next.id }] } });
    await expectRefusal(
      prices.close(admin.principal, admin.communityId, consumption, first.id, { validTo: '2025-12-31' }),
      'INVALID_PERIOD',
    );
    expect(
      (await prices.list(admin.principal, admin.communityId, consumption)).map((price) => [
        price.validFrom,
        price.validTo,
      ]),
    ).toEqual([
      ['2026-01-01', '2026-06-30'],
      ['2026-07-01', null],
    ]);
    const audit = await ownerRows<{ before: { validTo: string | null }; after: { validTo: string | null } }>(
      `SELECT before, after FROM audit_log
        WHERE community_id = $1 AND entity = 'metering-point-price' AND action = 'update' AND entity_id = $2`,
      [admin.communityId, first.id],
    );
    expect(audit.map((entry) => [entry.before.validTo, entry.after.validTo])).toEqual([[null, '2026-06-30']]);
  });

  it('answers PRICE_NOT_FOUND for a price of another point', async () => {
    const [price] = await prices.list(admin.principal, admin.communityId, mine.points[0]!.id);
    await expectRefusal(
      prices.close(admin.principal, admin.communityId, neighbour.points[0]!.id, price!.id, {
        validTo: '2026-03-31',
      }),
      'PRICE_NOT_FOUND',
    );
    await expectRefusal(
      prices.close(admin.principal, admin.communityId, mine.points[0]!.id, randomUUID(), {
        validTo: '2026-03-31',
      }),
      'PRICE_NOT_FOUND',
    );
  });

  it("shows a member its own points' prices only and lets it change none (ROLE_FORBIDDEN)", async () => {
    const member = await memberPrincipal(moduleRef, admin.communityId, mine.memberId);
    expect(await prices.list(member, admin.communityId, mine.points[0]!.id)).toHaveLength(2);
    await expectRefusal(
      prices.list(member, admin.communityId, neighbour.points[0]!.id),
      'METERING_POINT_NOT_FOUND',
    );
    await expectRefusal(
      prices.add(member, admin.communityId, mine.points[0]!.id, {
        kind: 'supplier-energy',
        pricePerKwh: '0.01',
        validFrom: '2027-01-01',
      }),
      'ROLE_FORBIDDEN',
    );
    expect(await prices.list(admin.principal, admin.communityId, mine.points[0]!.id)).toHaveLength(2);
  });
});
