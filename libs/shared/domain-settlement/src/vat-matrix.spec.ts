import { describe, expect, it } from 'vitest';

import { documentPartyProblems } from './document-legal';
import { settlePeriod } from './settle-period';
import type { DocumentParty } from './settlement-document';
import { buildSettlementDocuments, documentStatements, documentTitle } from './settlement-documents';
import type { SettlementMember } from './settlement-input';
import { COMMUNITY_PARTY_ID } from './settlement-result';
import {
  aConsumer,
  aFlatPriceList,
  aPair,
  aProducer,
  aSettlementInput,
  intervalsOf,
  nextEan,
} from './test-community';
import { VAT_STATUSES, type VatStatus } from './vat-status';

// The month of issue 20: 178.32 kWh shared at 3.00 Kč/kWh, the community keeping 0.20 Kč/kWh.
const june = intervalsOf('2026-06-01', '2026-06-30');
const ENERGY = 17_832;
const PRICE = 300_000;
const MARGIN = 20_000;
// 178.32 × 3.00 = 534.96 Kč net, 21 % VAT 112.34; 178.32 × 2.80 = 499.30 Kč net, 21 % VAT 104.85
const CONSUMER_NET = 53_496;
const CONSUMER_VAT = 11_234;
const PRODUCER_NET = 49_930;
const PRODUCER_VAT = 10_485;

const DIC_OF: Record<string, string> = {
  [COMMUNITY_PARTY_ID]: 'CZ12345679',
  p: 'CZ87654326',
  c: 'CZ7103192745',
  town: 'CZ00245381',
  school: 'CZ25596641',
};

/** Parties as the registry gives them: complete, each with its status and a DIČ exactly when registered. */
function partiesWith(statusOf: (id: string) => VatStatus, members: readonly SettlementMember[]) {
  return (id: string): DocumentParty => {
    const status = statusOf(id);
    const member = members.find((m) => m.id === id);
    return {
      id,
      name: id === COMMUNITY_PARTY_ID ? 'Energetické společenství Lomnice, z. s.' : (member?.name ?? id),
      vatPayer: status === 'payer',
      vatStatus: status,
      legalEntity: id !== 'c',
      ...(id !== 'c' ? { ico: (DIC_OF[id] as string).slice(2) } : {}),
      ...(status !== 'non-payer' ? { dic: DIC_OF[id] as string } : {}),
      selfBillingAgreedOn: '2025-12-01',
      address: {
        street: 'Náměstí',
        buildingNumber: '1',
        city: 'Lomnice',
        postalCode: '37816',
        countryCode: 'CZ',
      },
    };
  };
}

const pairsOfStatuses = VAT_STATUSES.flatMap((seller) =>
  VAT_STATUSES.map((buyer) => [seller, buyer] as const),
);

function clearing(communityStatus: VatStatus, producerStatus: VatStatus, consumerStatus: VatStatus) {
  const producer = aProducer('p', { name: 'FVE Řehoř', vatStatus: producerStatus, kind: 'sme' });
  const consumer = aConsumer('c', { name: 'Jana Nováková', vatStatus: consumerStatus });
  const members = [producer, consumer];
  const result = settlePeriod(
    aSettlementInput({
      community: { vatStatus: communityStatus },
      members,
      priceLists: [aFlatPriceList(PRICE, { communityMarginPerMwh: MARGIN })],
      sharing: { ...june, pairs: [aPair(producer.ean, consumer.ean, june.intervalCount, { 40: ENERGY })] },
    }),
  );
  const statusOf = (id: string) =>
    id === COMMUNITY_PARTY_ID ? communityStatus : id === 'p' ? producerStatus : consumerStatus;
  const documents = buildSettlementDocuments(result, {
    issueDate: '2026-07-15',
    partyOf: partiesWith(statusOf, members),
  });
  return { result, documents };
}

describe('VAT follows the seller and buyer status on the DUZP', () => {
  describe.each(pairsOfStatuses)('invoice: community %s → consumer %s', (seller, buyer) => {
    it('charges VAT only when the community is a payer, to the haléř', () => {
      const { result, documents } = clearing(seller, 'non-payer', buyer);
      const invoice = documents.find((d) => d.kind === 'invoice');
      const vat = seller === 'payer' ? CONSUMER_VAT : 0;
      expect(invoice?.totals).toEqual({ net: CONSUMER_NET, vat, gross: CONSUMER_NET + vat });
      expect(invoice?.vatApplicable).toBe(seller === 'payer');
      expect(invoice?.taxPointDate).toBe('2026-06-30');
      expect(invoice?.dueDate).toBe('2026-07-29');
      expect(documentTitle(invoice!)).toBe(
        seller === 'payer' ? 'Faktura – daňový doklad' : 'Faktura – nejde o daňový doklad',
      );
      expect(documentStatements(invoice!)).toEqual(
        seller === 'payer' ? [] : ['Nejde o daňový doklad: prodávající není plátcem DPH.'],
      );
      expect(result.totals.communityOutputVat).toBe(vat);
      expect(documentPartyProblems(documents)).toEqual([]);
    });
  });

  describe.each(pairsOfStatuses)('self-billed: producer %s → community %s', (seller, buyer) => {
    it('self-bills VAT of a payer and makes it a cost of a community that cannot deduct it', () => {
      const { result, documents } = clearing(buyer, seller, 'non-payer');
      const selfBilled = documents.find((d) => d.seller.id === 'p');
      const vat = seller === 'payer' ? PRODUCER_VAT : 0;
      expect(selfBilled?.kind).toBe(seller === 'payer' ? 'self-billed-invoice' : 'self-billed-credit-note');
      expect(selfBilled?.totals).toEqual({ net: PRODUCER_NET, vat, gross: PRODUCER_NET + vat });
      expect(documentStatements(selfBilled!)[0]).toBe(
        'Vystaveno odběratelem (§ 28 odst. 3 ZDPH) na základě dohody ze dne 1. 12. 2025.',
      );

      const nonDeductible = buyer === 'payer' ? 0 : vat;
      const output = buyer === 'payer' ? CONSUMER_VAT : 0;
      const { totals } = result;
      expect(totals.communityMarginNet).toBe(CONSUMER_NET - PRODUCER_NET); // 35.66
      expect(totals.communityInputVat).toBe(vat);
      expect(totals.communityNonDeductibleVat).toBe(nonDeductible);
      expect(totals.communityResultNet).toBe(3_566 - nonDeductible);
      // the cash of the community balances to the haléř: what it collects minus what it pays out is what it keeps
      // plus the VAT it owes the tax office
      const collected = documents
        .filter((d) => d.seller.id === COMMUNITY_PARTY_ID)
        .reduce((s, d) => s + d.totals.gross, 0);
      const paid = documents
        .filter((d) => d.buyer.id === COMMUNITY_PARTY_ID)
        .reduce((s, d) => s + d.totals.gross, 0);
      const vatDue = output - (vat - nonDeductible);
      expect(collected - paid).toBe(totals.communityResultNet + vatDue);
      expect(result.warnings.filter((w) => w.code === 'INPUT_VAT_COST')).toHaveLength(nonDeductible ? 1 : 0);
      expect(documentPartyProblems(documents)).toEqual([]);
    });
  });

  it('issue 20: a non-payer community buying from a payer is 69.19 Kč out of pocket with a 0.20 Kč margin', () => {
    const { result } = clearing('non-payer', 'payer', 'non-payer');
    expect(result.totals.communityMarginNet).toBe(3_566);
    expect(result.totals.communityNonDeductibleVat).toBe(10_485);
    expect(result.totals.communityResultNet).toBe(-6_919);
    expect(result.warnings.find((w) => w.code === 'INPUT_VAT_COST')?.params).toEqual({
      amount: '104.85',
      status: 'non-payer',
    });
  });

  describe.each(pairsOfStatuses)('internal recharge: seller %s → buyer %s', (seller, buyer) => {
    it('recharges with VAT only when the seller is a payer, in both directions', () => {
      // The town's PV supplies its school, and the school's PV supplies the town.
      const town = aProducer('town', { name: 'Obec Lomnice', kind: 'municipality', vatStatus: seller });
      const townUse = { ean: nextEan(), role: 'consumption' as const };
      const school = aConsumer('school', {
        name: 'ZŠ Lomnice',
        kind: 'municipal-unit',
        parentMemberId: 'town',
        vatStatus: buyer,
      });
      const schoolPv = { ean: nextEan(), role: 'production' as const };
      const members = [
        { ...town, meteringPoints: [...town.meteringPoints, townUse] },
        { ...school, meteringPoints: [...school.meteringPoints, schoolPv] },
      ];
      const result = settlePeriod(
        aSettlementInput({
          community: { vatStatus: 'payer' },
          members,
          priceLists: [aFlatPriceList(PRICE)],
          sharing: {
            ...june,
            pairs: [
              aPair(town.ean, school.ean, june.intervalCount, { 40: ENERGY }),
              aPair(schoolPv.ean, townUse.ean, june.intervalCount, { 50: ENERGY }),
            ],
          },
        }),
      );
      const statusOf = (id: string) => (id === 'town' ? seller : buyer);
      const documents = buildSettlementDocuments(result, {
        issueDate: '2026-07-15',
        partyOf: partiesWith(statusOf, members),
      });
      expect(documents.map((d) => d.kind)).toEqual(['internal-recharge', 'internal-recharge']);
      const toSchool = documents.find((d) => d.seller.id === 'town');
      const toTown = documents.find((d) => d.seller.id === 'school');
      const vatOf = (status: VatStatus) => (status === 'payer' ? CONSUMER_VAT : 0);
      expect(toSchool?.totals).toEqual({
        net: CONSUMER_NET,
        vat: vatOf(seller),
        gross: CONSUMER_NET + vatOf(seller),
      });
      expect(toTown?.totals).toEqual({
        net: CONSUMER_NET,
        vat: vatOf(buyer),
        gross: CONSUMER_NET + vatOf(buyer),
      });
      expect(toSchool?.issuerId).toBe('town');
      expect(toTown?.issuerId).toBe('town');
      expect(documentTitle(toSchool!)).toBe(
        seller === 'payer'
          ? 'Vnitřní přefakturace – daňový doklad'
          : 'Vnitřní přefakturace – nejde o daňový doklad',
      );
      // nothing of a municipality's VAT is the community's
      expect(result.totals.communityInputVat + result.totals.communityOutputVat).toBe(0);
      expect(result.totals.consumersPayNet - result.totals.producersReceiveNet).toBe(
        result.totals.communityMarginNet,
      );
      expect(documentPartyProblems(documents)).toEqual([]);
    });
  });
});

describe('what a document lacks to be issued', () => {
  it('names every party without an address, with a DIČ contradicting its status or without an agreement', () => {
    const { documents } = clearing('payer', 'payer', 'non-payer');
    const broken = documents.map((document) => ({
      ...document,
      buyer:
        document.buyer.id === 'c'
          ? { ...document.buyer, address: undefined, dic: 'CZ7103192745' }
          : document.buyer,
      seller:
        document.seller.id === 'p'
          ? { ...document.seller, selfBillingAgreedOn: undefined, dic: undefined }
          : document.seller,
    }));
    expect(documentPartyProblems(broken).map(({ partyId, problems }) => ({ partyId, problems }))).toEqual([
      { partyId: 'c', problems: ['address-missing', 'dic-without-registration'] },
      { partyId: 'p', problems: ['dic-missing', 'self-billing-agreement-missing'] },
    ]);
  });

  it('refuses a seller whose status on the DUZP is not the one the run priced with', () => {
    const { documents } = clearing('non-payer', 'non-payer', 'non-payer');
    const becamePayer = documents.map((document) =>
      document.seller.id === 'p'
        ? {
            ...document,
            seller: { ...document.seller, vatStatus: 'payer' as const, vatPayer: true, dic: 'CZ87654326' },
          }
        : document,
    );
    expect(documentPartyProblems(becamePayer)).toEqual([
      expect.objectContaining({ partyId: 'p', problems: ['vat-status-changed'] }),
    ]);
  });

  it('wants the IČO of a legal entity on a tax document only', () => {
    const { documents } = clearing('payer', 'non-payer', 'non-payer');
    const withoutIco = documents.map((document) => ({
      ...document,
      seller: { ...document.seller, ico: undefined },
    }));
    expect(documentPartyProblems(withoutIco)).toEqual([
      expect.objectContaining({ partyId: COMMUNITY_PARTY_ID, problems: ['ico-missing'] }),
    ]);
  });

  it('refuses an issue date before the DUZP', () => {
    expect(() =>
      buildSettlementDocuments(clearing('payer', 'payer', 'payer').result, {
        issueDate: '2026-06-29',
        partyOf: partiesWith(() => 'payer', []),
      }),
    ).toThrow(/before the DUZP 2026-06-30/);
  });
});
