import { randomUUID } from 'node:crypto';

import { beforeAll, describe, expect, it } from 'vitest';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { SettlementStore } from '@sdilna/api/data-access-settlement';
import { settlePeriod } from '@sdilna/shared/domain-settlement';
import {
  aConsumer,
  aFlatPriceList,
  aPair,
  aProducer,
  aSettlementInput,
  intervalsOf,
} from '@sdilna/shared/domain-settlement/testing';
import { expectRefusal, ownerRows, seedMember, useServiceModule } from '@sdilna/test-support/service-module';

import { PriceListsService } from '../price-lists/price-lists.service';
import { SettlementsModule } from '../settlements.module';
import { SettlementsService } from '../settlements/settlements.service';

/**
 * Finalising issues documents only when every party is complete (issue 20): a member without an address or with a
 * DIČ contradicting its VAT status answers 422 naming them and nothing is issued; the issue date is chosen, never
 * before the DUZP, and the due date follows it.
 */
describe('finalising checks the parties and dates of the documents (service tier)', () => {
  const frame = useServiceModule(SettlementsModule);
  let settlements: SettlementsService;
  let communityId: string;
  let producer: string;
  let consumer: string;
  let runId: string;

  const documentCount = async () =>
    (
      await ownerRows<{ n: string }>(`SELECT count(*) AS n FROM documents WHERE community_id = $1`, [
        communityId,
      ])
    )[0]?.n;

  beforeAll(async () => {
    settlements = frame.moduleRef.get(SettlementsService);
    communityId = frame.admin.communityId;
    await ownerRows(
      `UPDATE communities SET ico = '12345679', address = 'Náměstí 1, 378 16 Lomnice nad Lužnicí' WHERE community_id = $1`,
      [communityId],
    );
    await settlements.saveSettings(frame.admin.principal, communityId, {
      mode: 'community-clearing',
      iban: 'CZ6508000000192000145399',
      dueDays: 10,
      dic: 'CZ12345679',
      vatStatuses: [{ validFrom: '2000-01-01', status: 'payer' }],
    });
    producer = await seedMember(communityId, 'sme', 'FVE Řehoř s.r.o.');
    consumer = await seedMember(communityId, 'household', 'Jana Nováková');
    // the producer: a company with its IČO and address, a non-payer that has a DIČ (what the old flag let
    // through); the consumer has no address
    await ownerRows(
      `UPDATE members SET ico = '87654326', address = 'Řečická 12, 379 01 Třeboň', self_billing_agreed_on = '2025-12-01'
        WHERE community_id = $1 AND id = $2`,
      [communityId, producer],
    );
    await ownerRows(
      `INSERT INTO member_vat_statuses (community_id, member_id, valid_from, status, dic)
       VALUES ($1, $2, '2000-01-01', 'non-payer', 'CZ87654326')`,
      [communityId, producer],
    );

    const { id: priceListId } = await frame.moduleRef
      .get(PriceListsService)
      .create(frame.admin.principal, communityId, { validFrom: '2026-01-01', pricePerKwh: '3.00' });
    // an approved June whose lines the settlement library priced for these two members
    const june = intervalsOf('2026-06-01', '2026-06-30');
    const p = aProducer(producer, { vatStatus: 'non-payer' });
    const c = aConsumer(consumer);
    const result = settlePeriod(
      aSettlementInput({
        community: { vatStatus: 'payer' },
        members: [p, c],
        priceLists: [aFlatPriceList(300_000, { id: priceListId })],
        sharing: { ...june, pairs: [aPair(p.ean, c.ean, june.intervalCount, { 40: 17_832 })] },
      }),
    );
    runId = randomUUID();
    await ownerRows(
      `INSERT INTO settlement_runs (community_id, id, period, period_from, period_to, status, compute_status)
       VALUES ($1, $2, '2026-06', '2026-06-01', '2026-06-30', 'draft', 'done')`,
      [communityId, runId],
    );
    await frame.moduleRef
      .get(TenantDatabase)
      .run(communityId, (tx) =>
        tx
          .store(SettlementStore)
          .replaceResult(runId, result, { mode: 'community-clearing', communityVatPayer: true }),
      );
    await ownerRows(`UPDATE settlement_runs SET status = 'approved' WHERE community_id = $1 AND id = $2`, [
      communityId,
      runId,
    ]);
  });

  it('answers 422 naming every member to fix, and issues nothing', async () => {
    const refusal = settlements.finalize(frame.admin.principal, communityId, runId, '2026-07-03');
    await expect(refusal).rejects.toMatchObject({
      code: 'DOCUMENT_PARTIES_INCOMPLETE',
      details: {
        parties: [
          { id: producer, name: 'FVE Řehoř s.r.o.', problems: ['dic-without-registration'] },
          { id: consumer, name: 'Jana Nováková', problems: ['address-missing'] },
        ],
      },
    });
    await expect(refusal).rejects.toThrow(/Jana Nováková has no complete address/);
    expect(await documentCount()).toBe('0');
    const [run] = await ownerRows<{ status: string }>(`SELECT status FROM settlement_runs WHERE id = $1`, [
      runId,
    ]);
    expect(run?.status).toBe('approved');
  });

  it('refuses an issue date before the DUZP (the last day of June), then issues on the chosen day', async () => {
    await ownerRows(`UPDATE members SET address = 'Hlavní 5, 378 16 Lomnice nad Lužnicí' WHERE id = $1`, [
      consumer,
    ]);
    await ownerRows(`UPDATE member_vat_statuses SET dic = NULL WHERE member_id = $1`, [producer]);
    await expectRefusal(
      settlements.finalize(frame.admin.principal, communityId, runId, '2026-06-29'),
      'ISSUE_DATE_BEFORE_TAX_POINT',
    );
    expect(await documentCount()).toBe('0');

    const final = await settlements.finalize(frame.admin.principal, communityId, runId, '2026-07-03');
    expect(final.documentCount).toBe(2);
    const documents = await ownerRows<{
      kind: string;
      issue_date: string;
      tax_point_date: string;
      due_date: string;
    }>(
      `SELECT kind, issue_date::text, body->>'taxPointDate' AS tax_point_date, due_date::text FROM documents
        WHERE community_id = $1 ORDER BY kind`,
      [communityId],
    );
    expect(documents).toEqual([
      { kind: 'invoice', issue_date: '2026-07-03', tax_point_date: '2026-06-30', due_date: '2026-07-13' },
      {
        kind: 'self-billed-credit-note',
        issue_date: '2026-07-03',
        tax_point_date: '2026-06-30',
        due_date: '2026-07-13',
      },
    ]);
  });
});
