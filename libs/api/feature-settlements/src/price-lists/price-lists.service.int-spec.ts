import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { uniqueEan } from '@sdilna/test-support/factories';
import {
  expectRefusal,
  memberPrincipal,
  ownerRows,
  seedMember,
  type SignedUp,
  useServiceModule,
} from '@sdilna/test-support/service-module';
import { SettlementsModule } from '../settlements.module';
import type { CreatePriceListDto } from './dtos/price-list.dto';
import { PriceListsService } from './price-lists.service';

/** A price list as the validation pipe hands it over (sellerVatPayer is required there). */
function priceList(fields: Omit<CreatePriceListDto, 'sellerVatPayer'>): CreatePriceListDto {
  return { sellerVatPayer: true, ...fields };
}

describe('PriceListsService (service tier)', () => {
  let moduleRef: TestingModule;
  let priceLists: PriceListsService;
  let admin: SignedUp;

  const frame = useServiceModule(SettlementsModule);

  beforeAll(() => {
    ({ moduleRef, admin } = frame);
    priceLists = moduleRef.get(PriceListsService);
  });

  it('stores the community price with its VAT, margin and per-point rules, and returns them as it stored them', async () => {
    const producerEan = uniqueEan();
    const created = await priceLists.create(
      admin.principal,
      admin.communityId,
      priceList({
        name: 'Ceník 2026',
        validFrom: '2026-01-01',
        validTo: '2026-03-31',
        pricePerKwh: '3.5',
        vatRatePercent: 12,
        marginPerKwh: '0.20',
        rules: [{ producerEan, pricePerKwh: '2.75' }],
      }),
    );
    expect(created).toMatchObject({
      name: 'Ceník 2026',
      validFrom: '2026-01-01',
      validTo: '2026-03-31',
      pricePerKwh: '3.50',
      vatRatePercent: 12,
      sellerVatPayer: true,
      marginPerKwh: '0.20',
      currency: 'CZK',
      rules: [{ producerEan, pricePerKwh: '2.75' }],
    });
    expect(await priceLists.list(admin.principal, admin.communityId)).toEqual([created]);
    const audit = await ownerRows<{ action: string; entity_id: string }>(
      `SELECT action, entity_id FROM audit_log WHERE community_id = $1 AND entity = 'price-list'`,
      [admin.communityId],
    );
    expect(audit).toEqual([{ action: 'create', entity_id: created.id }]);
  });

  it('refuses a period ending before it starts (INVALID_PERIOD) and a rule naming no point (PRICE_LIST_INVALID)', async () => {
    await expectRefusal(
      priceLists.create(
        admin.principal,
        admin.communityId,
        priceList({ validFrom: '2027-02-01', validTo: '2027-01-31', pricePerKwh: '3.00' }),
      ),
      'INVALID_PERIOD',
    );
    await expect(
      priceLists.create(
        admin.principal,
        admin.communityId,
        priceList({ validFrom: '2027-01-01', pricePerKwh: '3.00', rules: [{ pricePerKwh: '1.00' }] }),
      ),
    ).rejects.toMatchObject({ code: 'PRICE_LIST_INVALID', message: expect.stringContaining('rules[0]') });
    expect(
      (await priceLists.list(admin.principal, admin.communityId)).filter((list) => list.validFrom >= '2027'),
    ).toEqual([]);
  });

  it('lets a member read the prices but not write them (ROLE_FORBIDDEN)', async () => {
    const member = await memberPrincipal(moduleRef, admin.communityId, await seedMember(admin.communityId));
    expect((await priceLists.list(member, admin.communityId)).map((list) => list.name)).toEqual([
      'Ceník 2026',
    ]);
    await expectRefusal(
      priceLists.create(
        member,
        admin.communityId,
        priceList({ validFrom: '2026-04-01', pricePerKwh: '9.00' }),
      ),
      'ROLE_FORBIDDEN',
    );
    const [list] = await priceLists.list(admin.principal, admin.communityId);
    await expectRefusal(
      priceLists.close(member, admin.communityId, list!.id, { validTo: null }),
      'ROLE_FORBIDDEN',
    );
    expect(await priceLists.list(admin.principal, admin.communityId)).toHaveLength(1);
  });

  it('moves the end of a list, but never into the next one (PRICE_LIST_OVERLAP) nor before its start', async () => {
    const [first] = await priceLists.list(admin.principal, admin.communityId);
    const next = await priceLists.create(
      admin.principal,
      admin.communityId,
      priceList({ validFrom: '2026-04-01', pricePerKwh: '4.00' }),
    );
    await expect(
      priceLists.close(admin.principal, admin.communityId, first!.id, { validTo: null }),
    ).rejects.toMatchObject({ code: 'PRICE_LIST_OVERLAP', details: { priceLists: [{ id: next.id }] } });
    await expectRefusal(
      priceLists.close(admin.principal, admin.communityId, first!.id, { validTo: '2025-12-31' }),
      'INVALID_PERIOD',
    );
    await expectRefusal(
      priceLists.close(admin.principal, admin.communityId, randomUUID(), { validTo: '2026-12-31' }),
      'PRICE_LIST_NOT_FOUND',
    );
    const shortened = await priceLists.close(admin.principal, admin.communityId, first!.id, {
      validTo: '2026-02-28',
    });
    expect(shortened.validTo).toBe('2026-02-28');
    const [audit] = await ownerRows<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_log WHERE community_id = $1 AND entity = 'price-list' AND action = 'update'`,
      [admin.communityId],
    );
    expect(audit).toEqual({ before: { validTo: '2026-03-31' }, after: { validTo: '2026-02-28' } });
  });
});
