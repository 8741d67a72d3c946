import { randomUUID } from 'node:crypto';

import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  expectRefusal,
  ownerRows,
  serviceModule,
  signUpAdmin,
  type SignedUp,
} from '@sdilna/test-support/service-module';
import { DocumentsService } from './documents/documents.service';
import type { CreatePriceListDto } from './price-lists/dtos/price-list.dto';
import { PriceListsService } from './price-lists/price-lists.service';
import { SettlementsModule } from './settlements.module';
import { SettlementsService } from './settlements/settlements.service';

/** A price list as the validation pipe hands it over (sellerVatPayer is required there). */
function priceList(fields: Omit<CreatePriceListDto, 'sellerVatPayer'>): CreatePriceListDto {
  return { sellerVatPayer: true, ...fields };
}

describe('settlement services (service tier)', () => {
  let moduleRef: TestingModule;
  let priceLists: PriceListsService;
  let settlements: SettlementsService;
  let documents: DocumentsService;
  let admin: SignedUp;
  let stranger: SignedUp;

  beforeAll(async () => {
    moduleRef = await serviceModule(SettlementsModule);
    priceLists = moduleRef.get(PriceListsService);
    settlements = moduleRef.get(SettlementsService);
    documents = moduleRef.get(DocumentsService);
    admin = await signUpAdmin(moduleRef);
    stranger = await signUpAdmin(moduleRef);
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  describe('price lists', () => {
    it('refuses a price that is not Kč per kWh (PRICE_LIST_INVALID) before touching the database', async () => {
      await expectRefusal(
        priceLists.create(
          admin.principal,
          admin.communityId,
          priceList({
            validFrom: '2026-01-01',
            pricePerKwh: '3,50',
            bandPrices: { high: 'lots' },
          }),
        ),
        'PRICE_LIST_INVALID',
      );
      expect(await priceLists.list(admin.principal, admin.communityId)).toEqual([]);
    });

    it('stores a list and refuses a second one valid on the same days (PRICE_LIST_OVERLAP)', async () => {
      const created = await priceLists.create(
        admin.principal,
        admin.communityId,
        priceList({
          validFrom: '2026-01-01',
          validTo: '2026-06-30',
          pricePerKwh: '3.50',
        }),
      );
      expect(created.name).toBe('Ceník od 2026-01-01');
      await expectRefusal(
        priceLists.create(
          admin.principal,
          admin.communityId,
          priceList({
            validFrom: '2026-06-01',
            pricePerKwh: '4.00',
          }),
        ),
        'PRICE_LIST_OVERLAP',
      );
      // the day after the first one ends is free
      await priceLists.create(
        admin.principal,
        admin.communityId,
        priceList({
          validFrom: '2026-07-01',
          pricePerKwh: '4.00',
        }),
      );
      expect(await priceLists.list(admin.principal, admin.communityId)).toHaveLength(2);
    });

    it('lets only administrators of the community write prices', async () => {
      await expectRefusal(
        priceLists.create(
          stranger.principal,
          admin.communityId,
          priceList({
            validFrom: '2027-01-01',
            pricePerKwh: '1.00',
          }),
        ),
        'COMMUNITY_NOT_FOUND',
      );
    });
  });

  describe('settings', () => {
    it('refuses an IBAN with a wrong check digit (SETTINGS_INVALID) and keeps the settings as they were', async () => {
      const before = await settlements.getSettings(admin.principal, admin.communityId);
      await expectRefusal(
        settlements.saveSettings(admin.principal, admin.communityId, {
          mode: 'community-clearing',
          iban: 'CZ6508000000192000145398',
        }),
        'SETTINGS_INVALID',
      );
      expect(await settlements.getSettings(admin.principal, admin.communityId)).toEqual(before);
    });

    it('turns a Czech account number into the IBAN documents carry', async () => {
      const saved = await settlements.saveSettings(admin.principal, admin.communityId, {
        mode: 'direct',
        czechAccount: '19-2000145399/0800',
      });
      expect(saved).toMatchObject({ mode: 'direct', iban: 'CZ6508000000192000145399', dueDays: 14 });
    });
  });

  describe('runs', () => {
    it('refuses a period that is not a month (PERIOD_INVALID)', async () => {
      await expectRefusal(
        settlements.request(admin.principal, admin.communityId, '2026-13'),
        'PERIOD_INVALID',
      );
    });

    it('answers a repeated request for a queued month with the same draft (one run per month)', async () => {
      const first = await settlements.request(admin.principal, admin.communityId, '2026-02');
      const again = await settlements.request(admin.principal, admin.communityId, '2026-02');
      expect(again.id).toBe(first.id);
      const rows = await ownerRows(
        `SELECT id FROM settlement_runs WHERE community_id = $1 AND period = '2026-02'`,
        [admin.communityId],
      );
      expect(rows).toHaveLength(1);
      expect((await settlements.list(admin.principal, admin.communityId)).map((run) => run.id)).toContain(
        first.id,
      );
    });

    it('answers SETTLEMENT_NOT_FOUND for a run of another community, and exports no CSV for it', async () => {
      const [run] = await settlements.list(admin.principal, admin.communityId);
      await expectRefusal(
        settlements.get(stranger.principal, stranger.communityId, run!.id),
        'SETTLEMENT_NOT_FOUND',
      );
      await expectRefusal(
        documents.exportCsv(stranger.principal, stranger.communityId, run!.id),
        'SETTLEMENT_NOT_FOUND',
      );
    });

    it('exports no CSV for a draft (SETTLEMENT_NOT_APPROVED)', async () => {
      const [run] = await settlements.list(admin.principal, admin.communityId);
      await expectRefusal(
        documents.exportCsv(admin.principal, admin.communityId, run!.id),
        'SETTLEMENT_NOT_APPROVED',
      );
    });

    it('answers DOCUMENT_NOT_FOUND for an unknown document, for reading and correcting', async () => {
      await expectRefusal(
        documents.get(admin.principal, admin.communityId, randomUUID()),
        'DOCUMENT_NOT_FOUND',
      );
      await expectRefusal(
        documents.correct(admin.principal, admin.communityId, randomUUID(), 'wrong price'),
        'DOCUMENT_NOT_FOUND',
      );
    });
  });
});
