// Test helper (not part of the library's entries): compares a Pohoda data pack with the documents it was written
// from, element by element, computing every expected value from the documents themselves.
import { documentStatements, type SettlementDocument } from '@sdilna/shared/domain-settlement';

import { child, leaves, readXml, text, type XmlElement } from './xml-reading.testing';

const money = (halere: number) => (halere / 100).toFixed(2);
const quantity = (hundredths: number) => (hundredths / 100).toFixed(2);
const RATE_NAMES: Record<number, string> = { 0: 'none', 1200: 'low', 2100: 'high', 1000: 'third' };

/** The Pohoda agenda a document belongs to, written out per kind (not computed as the writer does). */
function expectedInvoiceType(document: SettlementDocument, issued: boolean): string {
  const side = issued ? 'issued' : 'received';
  if (document.kind !== 'corrective') return `${side}Invoice`;
  if (document.vatApplicable) return `${side}CorrectiveTax`;
  return document.totals.gross > 0 ? `${side}DebitNote` : `${side}CreditNotice`;
}

/**
 * Every difference between the pack and the documents, as readable lines (an empty list: they match). Documents
 * where `isOwn` is neither seller nor buyer must be absent; each of the others must appear once (found by its
 * number), each header, item and summary element holding what the document says.
 */
export function pohodaMismatches(
  xml: string,
  documents: readonly SettlementDocument[],
  input: {
    readonly ico: string;
    readonly isOwn: (partyId: string) => boolean;
    readonly accounting?: { readonly issued?: string; readonly received?: string };
    readonly numberSeries?: { readonly issued?: string; readonly received?: string };
  },
): string[] {
  const problems: string[] = [];
  const expectEqual = (where: string, actual: unknown, expected: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      problems.push(`${where}: ${JSON.stringify(actual)} ≠ expected ${JSON.stringify(expected)}`);
  };
  const pack = readXml(xml);
  expectEqual('root', pack.name, 'dat:dataPack');
  expectEqual('dataPack@version', pack.attributes['version'], '2.0');
  expectEqual('dataPack@ico', pack.attributes['ico'], input.ico);
  expectEqual(
    'xmlns:inv',
    pack.attributes['xmlns:inv'],
    'http://www.stormware.cz/schema/version_2/invoice.xsd',
  );
  expectEqual('xmlns:typ', pack.attributes['xmlns:typ'], 'http://www.stormware.cz/schema/version_2/type.xsd');

  const own = documents.filter(
    (document) => input.isOwn(document.seller.id) || input.isOwn(document.buyer.id),
  );
  expectEqual(
    'dataPackItem ids',
    pack.children.map((item) => item.attributes['id']).sort(),
    own.map((document) => document.number).sort(),
  );
  own.forEach((document) => {
    const item = pack.children.find((candidate) => candidate.attributes['id'] === document.number);
    if (!item) return;
    const where = document.number ?? document.uuid;
    const issued = input.isOwn(document.seller.id);
    const side = issued ? 'issued' : 'received';
    const partner = issued ? document.buyer : document.seller;
    expectEqual(`${where} item`, [item.name, item.attributes['version']], ['dat:dataPackItem', '2.0']);
    const invoice = child(item, 'inv:invoice');
    expectEqual(
      `${where} parts`,
      invoice.children.map((part) => part.name),
      ['inv:invoiceHeader', 'inv:invoiceDetail', 'inv:invoiceSummary'],
    );
    const header = child(invoice, 'inv:invoiceHeader');
    const series = input.numberSeries?.[side];
    const accounting = input.accounting?.[side];
    const correctionNote = document.corrects
      ? `Oprava dokladu ${document.corrects.number}: ${document.corrects.reason}`
      : document.note;
    const notes = [
      ...(correctionNote !== undefined ? [correctionNote] : []),
      ...documentStatements(document),
    ];
    const expectedHeader: Array<[string, string]> = [
      ['inv:invoiceType', expectedInvoiceType(document, issued)],
      ...(issued || series ? ([['inv:number', '…']] as Array<[string, string]>) : []),
      ...(document.variableSymbol !== undefined
        ? ([['inv:symVar', document.variableSymbol]] as Array<[string, string]>)
        : []),
      ...(issued ? [] : ([['inv:originalDocument', document.number ?? '']] as Array<[string, string]>)),
      ['inv:date', document.issueDate],
      ['inv:dateTax', document.taxPointDate],
      ['inv:dateAccounting', document.issueDate],
      ['inv:dateDue', document.dueDate],
      ...(accounting ? ([['inv:accounting', '…']] as Array<[string, string]>) : []),
      ['inv:classificationVAT', '…'],
      ['inv:text', text(header, 'inv:text')],
      ['inv:partnerIdentity', '…'],
      ['inv:paymentType', '…'],
      ...(!issued && partner.bankAccount?.iban.startsWith('CZ')
        ? ([['inv:paymentAccount', '…']] as Array<[string, string]>)
        : []),
      ...(notes.length > 0 ? ([['inv:note', notes.join(' ')]] as Array<[string, string]>) : []),
      ['inv:intNote', `Sdílna ${document.uuid}`],
    ];
    expectEqual(`${where} header`, leaves(header), expectedHeader);
    if (issued || series) {
      expectEqual(`${where} number`, leaves(child(header, 'inv:number')), [
        ...(series ? [['typ:ids', series]] : []),
        ...(issued ? [['typ:numberRequested', document.number]] : []),
      ]);
    }
    if (accounting) expectEqual(`${where} accounting`, text(header, 'inv:accounting', 'typ:ids'), accounting);
    expectEqual(
      `${where} classificationVAT`,
      text(header, 'inv:classificationVAT', 'typ:classificationVATType'),
      // in the owner's VAT return only when the seller charges VAT and the owner may deduct or owes it
      document.vatApplicable && (issued ? document.seller : document.buyer).vatPayer
        ? 'inland'
        : 'nonSubsume',
    );
    expectEqual(
      `${where} text mentions the period`,
      text(header, 'inv:text').includes(document.period.from),
      true,
    );
    expectEqual(`${where} partner`, leaves(child(child(header, 'inv:partnerIdentity'), 'typ:address')), [
      ['typ:company', partner.name],
      ...(partner.address
        ? [
            ['typ:city', partner.address.city],
            ['typ:street', `${partner.address.street} ${partner.address.buildingNumber}`.trim()],
            ['typ:zip', partner.address.postalCode],
          ]
        : []),
      ...(partner.ico !== undefined ? [['typ:ico', partner.ico]] : []),
      ...(partner.dic !== undefined ? [['typ:dic', partner.dic]] : []),
    ]);
    expectEqual(`${where} paymentType`, text(header, 'inv:paymentType', 'typ:paymentType'), 'draft');

    const items = child(invoice, 'inv:invoiceDetail').children;
    expectEqual(`${where} item count`, items.length, document.lines.length);
    const byRate = new Map<string, { net: number; vat: number; gross: number }>();
    document.lines.forEach((line, lineIndex) => {
      const entry = items[lineIndex] as XmlElement | undefined;
      if (!entry) return;
      const rate = RATE_NAMES[line.vatRate] ?? `unknown ${line.vatRate}`;
      expectEqual(`${where} line ${line.lineNumber}`, leaves(entry), [
        // Pohoda's item text is a string90: the first 90 characters of the line's description
        ['inv:text', [...line.description].slice(0, 90).join('')],
        ['inv:quantity', quantity(line.energy)],
        ['inv:unit', 'kWh'],
        ['inv:payVAT', 'false'],
        ['inv:rateVAT', rate],
        ['inv:homeCurrency', '…'],
        ...(line.meteringPoints?.length ? [['inv:note', `EAN ${line.meteringPoints.join(', ')}`]] : []),
      ]);
      expectEqual(`${where} line ${line.lineNumber} amounts`, leaves(child(entry, 'inv:homeCurrency')), [
        ['typ:unitPrice', (line.unitPrice / 100_000).toFixed(Math.max(2, decimalsOf(line.unitPrice)))],
        ['typ:price', money(line.net)],
        ['typ:priceVAT', money(line.vat)],
        ['typ:priceSum', money(line.gross)],
      ]);
      const sum = byRate.get(rate) ?? { net: 0, vat: 0, gross: 0 };
      byRate.set(rate, { net: sum.net + line.net, vat: sum.vat + line.vat, gross: sum.gross + line.gross });
    });
    const of = (rate: string) => byRate.get(rate) ?? { net: 0, vat: 0, gross: 0 };
    const summary = child(invoice, 'inv:invoiceSummary');
    expectEqual(`${where} summary`, leaves(summary), [
      ['inv:roundingDocument', 'none'],
      ['inv:roundingVAT', 'none'],
      ['inv:homeCurrency', '…'],
    ]);
    expectEqual(`${where} summary amounts`, leaves(child(summary, 'inv:homeCurrency')), [
      ['typ:priceNone', money(of('none').net)],
      ['typ:priceLow', money(of('low').net)],
      ['typ:priceLowVAT', money(of('low').vat)],
      ['typ:priceLowSum', money(of('low').gross)],
      ['typ:priceHigh', money(of('high').net)],
      ['typ:priceHighVAT', money(of('high').vat)],
      ['typ:priceHighSum', money(of('high').gross)],
      ['typ:price3', money(of('third').net)],
      ['typ:price3VAT', money(of('third').vat)],
      ['typ:price3Sum', money(of('third').gross)],
    ]);
    const total = [...byRate.values()].reduce((sum, row) => sum + row.gross, 0);
    expectEqual(`${where} summary total = document total`, total, document.totals.gross);
  });
  return problems;
}

/** Decimal places a price in h/MWh needs in Kč/kWh (0.00001 Kč steps). */
function decimalsOf(pricePerMwh: number): number {
  let digits = String(Math.abs(pricePerMwh)).padStart(6, '0').slice(-5);
  while (digits.endsWith('0')) digits = digits.slice(0, -1);
  return digits.length;
}
