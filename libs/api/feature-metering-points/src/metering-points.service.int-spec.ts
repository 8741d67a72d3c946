import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { StaleRecompute } from '@sdilna/api/data-access-registry';
import { randomEan, RegistryFixture } from '@sdilna/api/data-access-registry/testing';

import { MeteringPointPricesService } from './metering-point-prices.service';
import { MeteringPointsImportService } from './metering-points-import.service';
import { MeteringPointsService } from './metering-points.service';

const fixture = new RegistryFixture();
const points = new MeteringPointsService(fixture.registry, new StaleRecompute());
const prices = new MeteringPointPricesService(fixture.registry, points);
const imports = new MeteringPointsImportService(fixture.registry, points, new StaleRecompute());

beforeAll(() => fixture.start());
afterAll(() => fixture.stop());

describe('MeteringPointsService', () => {
  it('registers a point in the only group and refuses the same EAN for an overlapping period', async () => {
    fixture.actAs('admin');
    const { communityId, groupId, memberId } = await fixture.community();
    const ean = randomEan();
    const point = await points.create(fixture.principal, communityId, {
      ean,
      role: 'consumption',
      memberId,
      validFrom: '2026-01-01',
    });
    expect(point.sharingGroupId).toBe(groupId);
    await expect(
      points.create(fixture.principal, communityId, {
        ean,
        role: 'consumption',
        memberId,
        validFrom: '2026-06-01',
      }),
    ).rejects.toMatchObject({ code: 'EAN_ALREADY_REGISTERED' });
  });

  it("answers EAN_UNAVAILABLE, naming nobody, for an EAN another community's group holds", async () => {
    fixture.actAs('admin');
    const first = await fixture.community();
    const second = await fixture.community();
    const ean = randomEan();
    await points.create(fixture.principal, first.communityId, {
      ean,
      role: 'production',
      memberId: first.memberId,
      validFrom: '2026-01-01',
    });
    await expect(
      points.create(fixture.principal, second.communityId, {
        ean,
        role: 'production',
        memberId: second.memberId,
        validFrom: '2026-03-01',
      }),
    ).rejects.toMatchObject({ code: 'EAN_UNAVAILABLE' });
  });

  it('rejects a twelfth metering point in an active-customer group', async () => {
    fixture.actAs('admin');
    const { communityId, memberId } = await fixture.community('active-customer');
    for (let i = 0; i < 11; i++)
      await points.create(fixture.principal, communityId, {
        ean: randomEan(),
        role: 'consumption',
        memberId,
        validFrom: '2026-01-01',
      });
    await expect(
      points.create(fixture.principal, communityId, {
        ean: randomEan(),
        role: 'consumption',
        memberId,
        validFrom: '2026-01-01',
      }),
    ).rejects.toMatchObject({ code: 'GROUP_POINT_LIMIT' });
  });

  it('hides a point of a member the caller may not see, and a point of another community, as 404', async () => {
    fixture.actAs('admin');
    const mine = await fixture.community();
    const other = await fixture.community();
    const point = await points.create(fixture.principal, mine.communityId, {
      ean: randomEan(),
      role: 'consumption',
      memberId: mine.memberId,
      validFrom: '2026-01-01',
    });
    await expect(points.get(fixture.principal, other.communityId, point.id)).rejects.toMatchObject({
      code: 'METERING_POINT_NOT_FOUND',
    });
    fixture.actAs({ member: [] });
    await expect(points.get(fixture.principal, mine.communityId, point.id)).rejects.toMatchObject({
      code: 'METERING_POINT_NOT_FOUND',
    });
    expect((await points.list(fixture.principal, mine.communityId, {}, { limit: 10, offset: 0 })).total).toBe(
      0,
    );
    fixture.actAs({ member: [mine.memberId] });
    expect(
      (await points.list(fixture.principal, mine.communityId, {}, { limit: 10, offset: 0 })).items,
    ).toEqual([point]);
  });

  it('lets only administrators change the registry', async () => {
    fixture.actAs('admin');
    const { communityId, memberId } = await fixture.community();
    fixture.actAs({ member: [memberId] });
    await expect(
      points.create(fixture.principal, communityId, {
        ean: randomEan(),
        role: 'consumption',
        memberId,
        validFrom: '2026-01-01',
      }),
    ).rejects.toMatchObject({ code: 'ROLE_FORBIDDEN' });
  });
});

describe('MeteringPointPricesService', () => {
  it("takes a consumption point's supplier price only, and refuses an overlapping one", async () => {
    fixture.actAs('admin');
    const { communityId, memberId } = await fixture.community();
    const point = await points.create(fixture.principal, communityId, {
      ean: randomEan(),
      role: 'consumption',
      memberId,
      validFrom: '2026-01-01',
    });
    await expect(
      prices.add(fixture.principal, communityId, point.id, {
        kind: 'feed-in',
        pricePerKwh: '1.50',
        validFrom: '2026-01-01',
      }),
    ).rejects.toMatchObject({ code: 'PRICE_KIND_MISMATCH' });
    const price = await prices.add(fixture.principal, communityId, point.id, {
      kind: 'supplier-energy',
      pricePerKwh: '6.5',
      validFrom: '2026-01-01',
      validTo: '2026-06-30',
    });
    expect(price.pricePerKwh).toBe('6.50');
    await expect(
      prices.add(fixture.principal, communityId, point.id, {
        kind: 'supplier-energy',
        pricePerKwh: '7.00',
        validFrom: '2026-06-01',
      }),
    ).rejects.toMatchObject({ code: 'PRICE_PERIOD_OVERLAP' });
    expect(await prices.list(fixture.principal, communityId, point.id)).toEqual([price]);
  });
});

describe('MeteringPointsImportService', () => {
  it('imports every row or none, reporting the failing row with its line', async () => {
    fixture.actAs('admin');
    const { communityId } = await fixture.community();
    const [good, duplicate] = [randomEan(), randomEan()];
    const csv = [
      'ean,role,memberName,validFrom',
      `${good},consumption,Member,2026-01-01`,
      `${duplicate},consumption,Nobody,2026-01-01`,
    ].join('\n');
    await expect(imports.import(fixture.principal, communityId, csv)).rejects.toMatchObject({
      code: 'IMPORT_REJECTED',
      details: {
        imported: 0,
        rows: [
          { line: 2, status: 'ok' },
          { line: 3, status: 'error', problems: [{ code: 'VALIDATION_FAILED' }] },
        ],
      },
    });
    expect((await points.list(fixture.principal, communityId, {}, { limit: 10, offset: 0 })).total).toBe(0);
    const report = await imports.import(
      fixture.principal,
      communityId,
      ['ean,role,memberName,validFrom', `${good},consumption,Member,2026-01-01`].join('\n'),
    );
    expect(report.imported).toBe(1);
  });
});
