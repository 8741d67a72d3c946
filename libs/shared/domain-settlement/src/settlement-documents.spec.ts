import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { buildCorrectiveDocument } from './corrective-document';
import { issueDocuments } from './document-issuing';
import { priceDocumentLine, summariseDocumentLines } from './document-totals';
import { settlePeriod } from './settle-period';
import { buildSettlementDocuments, documentTitle } from './settlement-documents';
import { COMMUNITY_PARTY_ID } from './settlement-result';
import {
  aConsumer,
  aPair,
  aProducer,
  aSettlementInput,
  intervalsOf,
  partiesFor,
  sequentialUuids,
} from './test-community';

const june = intervalsOf('2026-06-01', '2026-06-30');

function settleAndDocument(
  members: Parameters<typeof aSettlementInput>[0]['members'],
  pairs: Parameters<typeof aSettlementInput>[0]['sharing']['pairs'],
) {
  const result = settlePeriod(aSettlementInput({ members, sharing: { ...june, pairs } }));
  const drafts = buildSettlementDocuments(result, {
    issueDate: '2026-07-15',
    partyOf: partiesFor(members),
    newUuid: sequentialUuids(),
  });
  return { result, drafts };
}

describe('settlement documents', () => {
  it('invoices consumers from the community and self-bills a credit note to a producer who is not a VAT payer', () => {
    const producer = aProducer('p', { vatStatus: 'non-payer' });
    const consumer = aConsumer('c');
    const { drafts } = settleAndDocument(
      [producer, consumer],
      [aPair(producer.ean, consumer.ean, june.intervalCount, { 0: 10_000 })],
    );
    const invoice = drafts.find((d) => d.kind === 'invoice');
    const creditNote = drafts.find((d) => d.kind === 'self-billed-credit-note');
    expect(invoice).toMatchObject({
      seller: { id: COMMUNITY_PARTY_ID },
      buyer: { id: 'c' },
      vatApplicable: true,
      totals: { net: 30_000, vat: 6_300, gross: 36_300 },
      isdocDocumentType: 1,
      dueDate: '2026-07-29',
      taxPointDate: '2026-06-30',
    });
    expect(creditNote).toMatchObject({
      issuerId: COMMUNITY_PARTY_ID,
      seller: { id: 'p' },
      buyer: { id: COMMUNITY_PARTY_ID },
      vatApplicable: false,
      totals: { net: 30_000, vat: 0, gross: 30_000 },
      // a payout corrects nothing: an invoice issued by the buyer, not an ISDOC credit note
      isdocDocumentType: 1,
    });
    expect(documentTitle(creditNote!)).toBe('Faktura vystavená odběratelem – nejde o daňový doklad');
  });

  it('self-bills a VAT-paying producer with an invoice that carries VAT', () => {
    const producer = aProducer('p', { vatStatus: 'payer' });
    const consumer = aConsumer('c');
    const { drafts } = settleAndDocument(
      [producer, consumer],
      [aPair(producer.ean, consumer.ean, june.intervalCount, { 0: 10_000 })],
    );
    expect(drafts.find((d) => d.seller.id === 'p')).toMatchObject({
      kind: 'self-billed-invoice',
      totals: { net: 30_000, vat: 6_300, gross: 36_300 },
    });
  });

  it('issues one internal recharge from a municipality to each of its two units', () => {
    const town = aProducer('obec', { kind: 'municipality', vatStatus: 'non-payer', name: 'Obec Lomnice' });
    const school = aConsumer('zs', { kind: 'municipal-unit', parentMemberId: 'obec', name: 'ZŠ Lomnice' });
    const hall = aConsumer('hala', {
      kind: 'municipal-unit',
      parentMemberId: 'obec',
      name: 'Sportovní hala',
    });
    const { drafts } = settleAndDocument(
      [town, school, hall],
      [
        aPair(town.ean, school.ean, june.intervalCount, { 0: 1_000, 50: 500 }),
        aPair(town.ean, hall.ean, june.intervalCount, { 2: 2_000 }),
      ],
    );
    expect(drafts.map((d) => [d.kind, d.issuerId, d.seller.id, d.buyer.id, d.totals.gross]).sort()).toEqual([
      ['internal-recharge', 'obec', 'obec', 'hala', 6_000],
      ['internal-recharge', 'obec', 'obec', 'zs', 4_500],
    ]);
  });

  it('numbers issued documents and gives them variable symbols', () => {
    const producer = aProducer('p');
    const consumer = aConsumer('c');
    const { drafts } = settleAndDocument(
      [producer, consumer],
      [aPair(producer.ean, consumer.ean, june.intervalCount, { 0: 10_000 })],
    );
    const { documents } = issueDocuments(drafts, new Map());
    expect(documents.map((d) => [d.number, d.variableSymbol]).sort()).toEqual([
      ['FV-2026-000001', '126000001'],
      ['VD-2026-000001', '326000001'],
    ]);
  });

  it('corrects an issued invoice with a document that references it and carries the difference', () => {
    const producer = aProducer('p');
    const consumer = aConsumer('c');
    const { drafts } = settleAndDocument(
      [producer, consumer],
      [aPair(producer.ean, consumer.ean, june.intervalCount, { 0: 10_000 })],
    );
    const { documents } = issueDocuments(drafts, new Map());
    const invoice = documents.find((d) => d.kind === 'invoice')!;
    const corrected = priceDocumentLine({
      lineNumber: 1,
      description: 'Sdílená elektřina (opraveno)',
      energy: 9_000,
      unitPrice: 300_000,
      vatRate: 2100,
    });
    const correction = buildCorrectiveDocument(invoice, {
      reason: 'revize dat EDC',
      issueDate: '2026-08-20',
      correctedLines: [corrected],
      newUuid: sequentialUuids(),
    });
    expect(correction).toMatchObject({
      kind: 'corrective',
      isdocDocumentType: 2,
      corrects: { number: invoice.number, reason: 'revize dat EDC' },
      totals: { net: -3_000, vat: -630, gross: -3_630 },
    });
    expect(correction.lines).toHaveLength(2);
  });

  it('keeps document totals equal to the sum of lines to the haléř for any lines and rates', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            energy: fc.integer({ min: -1_000_000, max: 10_000_000 }),
            unitPrice: fc.integer({ min: 0, max: 2_000_000 }),
            vatRate: fc.constantFrom(0, 1200, 2100),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (inputs) => {
          const lines = inputs.map((input, index) =>
            priceDocumentLine({ ...input, lineNumber: index + 1, description: 'x' }),
          );
          const { vatSummary, totals } = summariseDocumentLines(lines);
          const sum = (pick: (l: (typeof lines)[number]) => number) => lines.reduce((s, l) => s + pick(l), 0);
          expect(totals).toEqual({
            net: sum((l) => l.net),
            vat: sum((l) => l.vat),
            gross: sum((l) => l.gross),
          });
          expect(vatSummary.reduce((s, r) => s + r.gross, 0)).toBe(totals.gross);
          expect(totals.gross).toBe(totals.net + totals.vat);
        },
      ),
    );
  });
});
