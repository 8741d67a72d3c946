// Test fixture (not part of the library's entries): one issued month with every kind of document the settlement
// issues, for the specs of the writers and the accounting export.
import {
  buildCorrectiveDocument,
  COMMUNITY_PARTY_ID,
  createDocument,
  type DocumentParty,
  issueDocuments,
  priceDocumentLine,
  type SettlementDocument,
} from '@sdilna/shared/domain-settlement';

const JUNE = { from: '2026-06-01', to: '2026-06-30' } as const;

const address = (street: string, city: string, postalCode: string) => ({
  street,
  buildingNumber: '1',
  city,
  postalCode,
  countryCode: 'CZ',
});

/** Parties of the fixture by role; ids are replaced by the caller's member ids where it stores them. */
export interface EveryKindParties {
  readonly consumer: string;
  readonly payerProducer: string;
  readonly nonPayerProducer: string;
  readonly municipality: string;
  readonly unit: string;
}

export const EVERY_KIND_PARTY_IDS: EveryKindParties = {
  consumer: 'consumer',
  payerProducer: 'payer-producer',
  nonPayerProducer: 'non-payer-producer',
  municipality: 'municipality',
  unit: 'unit',
};

/**
 * June 2026 of a VAT-paying community, issued on 2026-07-15 (corrections on 2026-08-03):
 * - `invoice` to a consumer (21 %), with the community's bank account and variable symbol;
 * - `self-billed-invoice` of a VAT-paying producer (21 %) and `self-billed-credit-note` of a producer who is not
 *   a VAT payer (0 %), both issued by the community as the buyer;
 * - `internal-recharge` from a municipality to its school (no VAT, not a tax document);
 * - `corrective` credit note (the consumer's invoice lowered) and debit note (the VAT-paying producer's invoice
 *   raised), each naming its original.
 */
export function everyDocumentKind(ids: EveryKindParties = EVERY_KIND_PARTY_IDS): SettlementDocument[] {
  const community: DocumentParty = {
    id: COMMUNITY_PARTY_ID,
    name: 'Energetické společenství Lomnice, z. s.',
    ico: '12345679',
    dic: 'CZ12345679',
    vatPayer: true,
    address: address('Náměstí', 'Lomnice nad Lužnicí', '37816'),
    email: 'ucetni@lomnice.example',
    bankAccount: { iban: 'CZ6508000000192000145399', bic: 'GIBACZPX' },
  };
  const member = (id: string, name: string, vatPayer: boolean, ico: string): DocumentParty => ({
    id,
    name,
    vatPayer,
    ico,
    ...(vatPayer ? { dic: `CZ${ico}` } : {}),
    address: address('Řečická', 'Třeboň', '37901'),
  });
  const consumer = member(ids.consumer, 'Základní škola Lomnice nad Lužnicí', false, '70981949');
  const payerProducer = member(ids.payerProducer, 'Solár Třeboň s.r.o.', true, '27074358');
  const nonPayerProducer = member(ids.nonPayerProducer, 'Jiří Řehoř – FVE', false, '87654321');
  const municipality = member(ids.municipality, 'Město Lomnice nad Lužnicí', false, '00247138');
  const unit = member(ids.unit, 'Mateřská škola Lomnice', false, '70981957');

  let uuid = 0;
  const newUuid = () => `00000000-0000-4000-8000-${String((uuid += 1)).padStart(12, '0')}`;
  const options = { issueDate: '2026-07-15', dueInDays: 14, newUuid };
  const line = (lineNumber: number, energy: number, unitPrice: number, vatRate: number, ean: string) =>
    priceDocumentLine({
      lineNumber,
      description: `Sdílená elektřina, 1. 6. 2026 – 30. 6. 2026`,
      energy,
      unitPrice,
      vatRate,
      meteringPoints: [ean],
      sourceLineId: `line-${lineNumber}-${ean}`,
    });

  const drafts = [
    createDocument({
      kind: 'invoice',
      issuerId: COMMUNITY_PARTY_ID,
      seller: community,
      buyer: consumer,
      lines: [
        line(1, 17_832, 300_000, 2100, '859182400000000011'),
        line(2, 4_000, 250_000, 2100, '859182400000000011'),
      ],
      period: JUNE,
      options,
    }),
    createDocument({
      kind: 'self-billed-invoice',
      issuerId: COMMUNITY_PARTY_ID,
      seller: payerProducer,
      buyer: community,
      lines: [line(1, 12_345, 280_000, 2100, '859182400000000028')],
      period: JUNE,
      options,
    }),
    createDocument({
      kind: 'self-billed-credit-note',
      issuerId: COMMUNITY_PARTY_ID,
      seller: nonPayerProducer,
      buyer: community,
      lines: [line(1, 9_487, 280_000, 0, '859182400000000035')],
      period: JUNE,
      options,
    }),
    createDocument({
      kind: 'internal-recharge',
      issuerId: municipality.id,
      seller: municipality,
      buyer: unit,
      lines: [line(1, 2_500, 300_000, 0, '859182400000000042')],
      period: JUNE,
      options,
    }),
  ];
  const { documents: issued, lastSequences } = issueDocuments(drafts, new Map());
  const [invoice, selfBilled] = issued as [SettlementDocument, SettlementDocument];
  const corrections = [
    buildCorrectiveDocument(invoice, {
      reason: 'Opravená data EDC: nižší sdílení',
      issueDate: '2026-08-03',
      correctedLines: [line(1, 15_000, 300_000, 2100, '859182400000000011')],
      newUuid,
    }),
    buildCorrectiveDocument(selfBilled, {
      reason: 'Opravená data EDC: vyšší výroba',
      issueDate: '2026-08-03',
      correctedLines: [line(1, 13_000, 280_000, 2100, '859182400000000028')],
      newUuid,
    }),
  ];
  return [...issued, ...issueDocuments(corrections, lastSequences).documents];
}
