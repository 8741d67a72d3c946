import { INTERVAL_MS, pragueDay, type LocalDate } from '@sdilna/shared/domain-core';

import { issueDocuments } from './document-issuing';
import type { CommunityPriceList } from './price-list';
import { settlePeriod } from './settle-period';
import type { DocumentParty, SettlementDocument } from './settlement-document';
import { buildSettlementDocuments } from './settlement-documents';
import type { PairSharing, SettlementInput, SettlementMember } from './settlement-input';
import { COMMUNITY_PARTY_ID } from './settlement-result';

/**
 * Test data factories for the settlement specs (not exported from the library). Each spec builds its own
 * community from these, so specs do not depend on each other.
 */
let eanCounter = 0;

/** A unique 18-digit EAN-like code (the settlement does not check the checksum; registration does). */
export function nextEan(): string {
  eanCounter += 1;
  return `8591824${String(eanCounter).padStart(11, '0')}`;
}

export function aMember(overrides: Partial<SettlementMember> & { id: string }): SettlementMember {
  return {
    name: `Člen ${overrides.id}`,
    kind: 'household',
    vatStatus: 'non-payer',
    meteringPoints: [],
    ...overrides,
  };
}

export function aProducer(
  id: string,
  overrides: Partial<SettlementMember> = {},
): SettlementMember & { ean: string } {
  const ean = nextEan();
  return { ...aMember({ id, meteringPoints: [{ ean, role: 'production' }], ...overrides }), ean };
}

export function aConsumer(
  id: string,
  overrides: Partial<SettlementMember> = {},
): SettlementMember & { ean: string } {
  const ean = nextEan();
  return { ...aMember({ id, meteringPoints: [{ ean, role: 'consumption' }], ...overrides }), ean };
}

export function aFlatPriceList(
  pricePerMwh: number,
  overrides: Partial<CommunityPriceList> = {},
): CommunityPriceList {
  return { id: 'default', validFrom: '2000-01-01', rules: [{ price: pricePerMwh }], ...overrides };
}

export function intervalsOf(from: LocalDate, to: LocalDate): { startUtcMs: number; intervalCount: number } {
  const startUtcMs = pragueDay(from).startUtcMs;
  return { startUtcMs, intervalCount: (pragueDay(to).endUtcMs - startUtcMs) / INTERVAL_MS };
}

/** A pair that shares `total` (0.01 kWh) spread over the given interval indexes, or all in interval 0. */
export function aPair(
  producerEan: string,
  consumerEan: string,
  intervalCount: number,
  energyAt: Readonly<Record<number, number>>,
): PairSharing {
  const shared = new Int32Array(intervalCount);
  for (const [index, value] of Object.entries(energyAt)) shared[Number(index)] = value;
  return { producerEan, consumerEan, shared };
}

export function aSettlementInput(
  input: Partial<SettlementInput> & Pick<SettlementInput, 'members' | 'sharing'>,
): SettlementInput {
  return {
    period: { from: '2026-06-01', to: '2026-06-30' },
    mode: 'community-clearing',
    community: { vatStatus: 'payer' },
    priceLists: [aFlatPriceList(300_000)],
    ...input,
  };
}

export function partiesFor(members: readonly SettlementMember[]): (id: string) => DocumentParty {
  return (id) => {
    if (id === COMMUNITY_PARTY_ID) {
      return {
        id,
        name: 'Energetické společenství Lomnice, z. s.',
        ico: '12345679',
        dic: 'CZ12345679',
        vatPayer: true,
        vatStatus: 'payer',
        legalEntity: true,
        address: {
          street: 'Náměstí',
          buildingNumber: '1',
          city: 'Lomnice nad Lužnicí',
          postalCode: '37816',
          countryCode: 'CZ',
        },
        bankAccount: { iban: 'CZ6508000000192000145399' },
      };
    }
    const member = members.find((m) => m.id === id);
    if (!member) throw new Error(`no member ${id}`);
    return {
      id,
      name: member.name,
      vatPayer: member.vatStatus === 'payer',
      vatStatus: member.vatStatus,
      ico: '87654326',
      ...(member.vatStatus !== 'non-payer' ? { dic: 'CZ87654326' } : {}),
      selfBillingAgreedOn: '2025-12-01',
      address: {
        street: 'Řečická',
        buildingNumber: '12',
        city: 'Třeboň',
        postalCode: '37901',
        countryCode: 'CZ',
      },
      bankAccount: { iban: 'CZ6508000000192000145399' },
    };
  };
}

export function sequentialUuids(): () => string {
  let counter = 0;
  return () => {
    counter += 1;
    return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  };
}

/**
 * A small issued settlement for the writer specs: a VAT-paying community, a producer who is not a VAT payer and
 * a consumer with Czech diacritics in the name; 1 234.56 kWh in VT and NT at 3.00 / 2.50 Kč/kWh.
 */
export function anIssuedSettlement(): SettlementDocument[] {
  const producer = aProducer('p', { name: 'Jiří Řehoř – FVE', vatStatus: 'non-payer' });
  const consumer = aConsumer('c', { name: 'Základní škola Lomnice nad Lužnicí' });
  const june = intervalsOf('2026-06-01', '2026-06-30');
  const result = settlePeriod(
    aSettlementInput({
      members: [producer, consumer],
      priceLists: [
        aFlatPriceList(250_000, {
          bands: [
            { id: 'VT', label: 'VT', weekdays: [1, 2, 3, 4, 5], windows: [{ from: '06:00', to: '22:00' }] },
          ],
          rules: [{ price: 250_000, bandPrices: { VT: 300_000 } }],
        }),
      ],
      sharing: {
        ...june,
        pairs: [aPair(producer.ean, consumer.ean, june.intervalCount, { 40: 100_000, 90: 23_456 })],
      },
    }),
  );
  const drafts = buildSettlementDocuments(result, {
    issueDate: '2026-07-15',
    partyOf: partiesFor([producer, consumer]),
    newUuid: sequentialUuids(),
  });
  return issueDocuments(drafts, new Map()).documents;
}
