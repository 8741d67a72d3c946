import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

import {
  type DocumentParty,
  documentStatements,
  formatCzkJson,
  formatPricePerKwhNumber,
  type Halere,
  ibanToCzechAccount,
  type SettlementDocument,
  type VatRateBasisPoints,
} from '@sdilna/shared/domain-settlement';

import { isdocDocumentTypeOf } from './isdoc-kinds';

/** Stormware's XML namespaces (data pack version 2.0). */
export const POHODA_NAMESPACES = {
  dat: 'http://www.stormware.cz/schema/version_2/data.xsd',
  inv: 'http://www.stormware.cz/schema/version_2/invoice.xsd',
  typ: 'http://www.stormware.cz/schema/version_2/type.xsd',
} as const;

/**
 * How a community's documents enter its Pohoda: per direction the accounting code ("předkontace", the pair of
 * chart-of-accounts entries Pohoda books an invoice to, e.g. 311/602) and the number series (Pohoda's
 * "číselná řada") the document is filed in. Empty: Pohoda's own default for that agenda.
 */
export interface PohodaExportSettings {
  readonly issuedAccounting: string | null;
  readonly receivedAccounting: string | null;
  readonly issuedNumberSeries: string | null;
  readonly receivedNumberSeries: string | null;
}

export const DEFAULT_POHODA_EXPORT_SETTINGS: PohodaExportSettings = {
  issuedAccounting: null,
  receivedAccounting: null,
  issuedNumberSeries: null,
  receivedNumberSeries: null,
};

/** Pohoda's `invoiceType` values this export writes. */
export type PohodaInvoiceType =
  | 'issuedInvoice'
  | 'issuedCreditNotice'
  | 'issuedDebitNote'
  | 'issuedCorrectiveTax'
  | 'receivedInvoice'
  | 'receivedCreditNotice'
  | 'receivedDebitNote'
  | 'receivedCorrectiveTax';

export type PohodaDirection = 'issued' | 'received';

/** Pohoda's VAT rate names: `high` 21 %, `low` 12 %, `third` the former 10 %, `none` 0 %. */
export type PohodaVatRate = 'high' | 'low' | 'third' | 'none';

export function pohodaVatRate(rate: VatRateBasisPoints): PohodaVatRate {
  if (rate === 0) return 'none';
  if (rate >= 2000) return 'high';
  if (rate === 1000) return 'third';
  return 'low';
}

/**
 * Pohoda's agenda for a document in the books of `own` (the community, or a municipality for its accountant):
 * what it sells is issued, what it buys is received; a corrective document is a corrective tax document where it
 * carries VAT, else a credit note or a debit note by its sign.
 */
export function pohodaInvoiceType(
  document: SettlementDocument,
  direction: PohodaDirection,
): PohodaInvoiceType {
  if (document.kind !== 'corrective') return `${direction}Invoice`;
  if (document.vatApplicable) return `${direction}CorrectiveTax`;
  return isdocDocumentTypeOf(document) === 3 ? `${direction}DebitNote` : `${direction}CreditNotice`;
}

/** Issued when `own` sells, received when it buys, undefined when it is neither party (not in its books). */
export function pohodaDirection(
  document: Pick<SettlementDocument, 'seller' | 'buyer'>,
  isOwn: (partyId: string) => boolean,
): PohodaDirection | undefined {
  if (isOwn(document.seller.id)) return 'issued';
  if (isOwn(document.buyer.id)) return 'received';
  return undefined;
}

/**
 * Pohoda's VAT classification in the books' owner's VAT return: `inland` (tuzemské plnění) when the seller charges
 * VAT and the owner is a VAT payer; otherwise `nonSubsume` ("nezahrnovat do DPH"): a document without VAT, or a
 * purchase with VAT by an owner who is not a payer and cannot deduct it (the VAT is a cost).
 */
export function pohodaVatClassification(
  document: Pick<SettlementDocument, 'vatApplicable' | 'seller' | 'buyer'>,
  direction: PohodaDirection,
): 'inland' | 'nonSubsume' {
  const owner = direction === 'issued' ? document.seller : document.buyer;
  return document.vatApplicable && owner.vatPayer ? 'inland' : 'nonSubsume';
}

export interface PohodaDataPackOptions {
  /** the data pack's id (Pohoda shows it in the import log), up to 64 characters */
  readonly id: string;
  /** IČO of the accounting unit the pack is for; Pohoda refuses a pack meant for another unit */
  readonly ico: string;
  readonly note?: string;
  readonly settings?: PohodaExportSettings;
  /** whose books: issued for its sales, received for its purchases; other documents are left out */
  readonly isOwn: (partyId: string) => boolean;
}

/**
 * A Pohoda XML data pack (`dat:dataPack` version 2.0) with one `inv:invoice` per document in the books of the
 * `isOwn` party, in the order given. Amounts are written in Kč with two decimals as the documents carry them;
 * items are text items (no stock) with prices without VAT (`payVAT` false) and the line's own VAT, so Pohoda
 * recomputes nothing. Element names and order follow Stormware's invoice.xsd and type.xsd (version 2).
 */
export function writePohodaDataPack(
  documents: readonly SettlementDocument[],
  options: PohodaDataPackOptions,
): string {
  const settings = options.settings ?? DEFAULT_POHODA_EXPORT_SETTINGS;
  const pack = create({ version: '1.0', encoding: 'UTF-8' }).ele(POHODA_NAMESPACES.dat, 'dat:dataPack', {
    'xmlns:dat': POHODA_NAMESPACES.dat,
    'xmlns:inv': POHODA_NAMESPACES.inv,
    'xmlns:typ': POHODA_NAMESPACES.typ,
    version: '2.0',
    id: options.id.slice(0, 64),
    ico: options.ico,
    application: 'Sdílna',
    note: options.note ?? 'Import dokladů ze Sdílny',
  });
  for (const document of documents) {
    const direction = pohodaDirection(document, options.isOwn);
    if (direction === undefined || document.number === undefined) continue;
    const item = pack.ele(POHODA_NAMESPACES.dat, 'dat:dataPackItem', {
      version: '2.0',
      id: document.number.slice(0, 64),
    });
    writeInvoice(
      item.ele(POHODA_NAMESPACES.inv, 'inv:invoice', { version: '2.0' }),
      document,
      direction,
      settings,
    );
  }
  return pack.end({ prettyPrint: true });
}

function writeInvoice(
  node: XMLBuilder,
  document: SettlementDocument,
  direction: PohodaDirection,
  settings: PohodaExportSettings,
): void {
  const number = document.number as string;
  const inv = (parent: XMLBuilder, name: string) => parent.ele(POHODA_NAMESPACES.inv, `inv:${name}`);
  const typ = (parent: XMLBuilder, name: string) => parent.ele(POHODA_NAMESPACES.typ, `typ:${name}`);

  const header = inv(node, 'invoiceHeader');
  inv(header, 'invoiceType').txt(pohodaInvoiceType(document, direction));
  const series = direction === 'issued' ? settings.issuedNumberSeries : settings.receivedNumberSeries;
  const numberNode = inv(header, 'number');
  if (direction === 'issued') {
    // the community's own number is the legal one: Pohoda keeps it (in the chosen series, if any)
    if (series) typ(numberNode, 'ids').txt(series);
    typ(numberNode, 'numberRequested').txt(number);
  } else {
    // a received document gets Pohoda's next number in the series; the document's number is its original
    if (series) typ(numberNode, 'ids').txt(series);
    else numberNode.remove();
  }
  if (document.variableSymbol !== undefined) inv(header, 'symVar').txt(document.variableSymbol);
  if (direction === 'received') inv(header, 'originalDocument').txt(number);
  inv(header, 'date').txt(document.issueDate);
  inv(header, 'dateTax').txt(document.taxPointDate);
  inv(header, 'dateAccounting').txt(document.issueDate);
  inv(header, 'dateDue').txt(document.dueDate);
  const accounting = direction === 'issued' ? settings.issuedAccounting : settings.receivedAccounting;
  if (accounting) typ(inv(header, 'accounting'), 'ids').txt(accounting);
  typ(inv(header, 'classificationVAT'), 'classificationVATType').txt(
    pohodaVatClassification(document, direction),
  );
  inv(header, 'text').txt(headerText(document).slice(0, 240));
  writePartner(inv(header, 'partnerIdentity'), direction === 'issued' ? document.buyer : document.seller);
  typ(inv(header, 'paymentType'), 'paymentType').txt('draft');
  const account = document.seller.bankAccount;
  if (direction === 'received' && account) {
    const czech = account.iban.startsWith('CZ') ? ibanToCzechAccount(account.iban) : undefined;
    if (czech) {
      const [accountNo, bankCode] = czech.split('/') as [string, string];
      const paymentAccount = inv(header, 'paymentAccount');
      typ(paymentAccount, 'accountNo').txt(accountNo);
      typ(paymentAccount, 'bankCode').txt(bankCode);
    }
  }
  const note = [
    ...(document.corrects
      ? [`Oprava dokladu ${document.corrects.number}: ${document.corrects.reason}`]
      : document.note !== undefined
        ? [document.note]
        : []),
    ...documentStatements(document),
  ].join(' ');
  if (note !== '') inv(header, 'note').txt(note);
  inv(header, 'intNote').txt(`Sdílna ${document.uuid}`);

  const detail = inv(node, 'invoiceDetail');
  for (const line of document.lines) {
    const item = inv(detail, 'invoiceItem');
    // Pohoda's item text is a string90; the whole description stays in the ISDOC and the PDF
    inv(item, 'text').txt([...line.description].slice(0, 90).join(''));
    inv(item, 'quantity').txt(kwh(line.energy));
    inv(item, 'unit').txt('kWh');
    inv(item, 'payVAT').txt('false');
    inv(item, 'rateVAT').txt(pohodaVatRate(line.vatRate));
    const home = inv(item, 'homeCurrency');
    typ(home, 'unitPrice').txt(formatPricePerKwhNumber(line.unitPrice));
    typ(home, 'price').txt(amount(line.net));
    typ(home, 'priceVAT').txt(amount(line.vat));
    typ(home, 'priceSum').txt(amount(line.gross));
    if (line.meteringPoints && line.meteringPoints.length > 0)
      inv(item, 'note').txt(`EAN ${line.meteringPoints.join(', ')}`.slice(0, 90));
  }

  const summary = inv(node, 'invoiceSummary');
  inv(summary, 'roundingDocument').txt('none');
  inv(summary, 'roundingVAT').txt('none');
  const totals = pohodaRateTotals(document);
  const home = inv(summary, 'homeCurrency');
  typ(home, 'priceNone').txt(amount(totals.none.net));
  typ(home, 'priceLow').txt(amount(totals.low.net));
  typ(home, 'priceLowVAT').txt(amount(totals.low.vat));
  typ(home, 'priceLowSum').txt(amount(totals.low.gross));
  typ(home, 'priceHigh').txt(amount(totals.high.net));
  typ(home, 'priceHighVAT').txt(amount(totals.high.vat));
  typ(home, 'priceHighSum').txt(amount(totals.high.gross));
  typ(home, 'price3').txt(amount(totals.third.net));
  typ(home, 'price3VAT').txt(amount(totals.third.vat));
  typ(home, 'price3Sum').txt(amount(totals.third.gross));
}

function writePartner(node: XMLBuilder, party: DocumentParty): void {
  const address = node.ele(POHODA_NAMESPACES.typ, 'typ:address');
  const typ = (name: string, value: string) => address.ele(POHODA_NAMESPACES.typ, `typ:${name}`).txt(value);
  typ('company', party.name.slice(0, 255));
  if (party.address) {
    typ('city', party.address.city);
    typ('street', [party.address.street, party.address.buildingNumber].filter(Boolean).join(' '));
    typ('zip', party.address.postalCode);
  }
  if (party.ico !== undefined) typ('ico', party.ico);
  if (party.dic !== undefined) typ('dic', party.dic);
}

/** Net, VAT and gross per Pohoda rate, summed from the VAT summary (which sums the lines to the haléř). */
export function pohodaRateTotals(
  document: Pick<SettlementDocument, 'vatSummary'>,
): Record<PohodaVatRate, { net: Halere; vat: Halere; gross: Halere }> {
  const totals: Record<PohodaVatRate, { net: Halere; vat: Halere; gross: Halere }> = {
    none: { net: 0, vat: 0, gross: 0 },
    low: { net: 0, vat: 0, gross: 0 },
    high: { net: 0, vat: 0, gross: 0 },
    third: { net: 0, vat: 0, gross: 0 },
  };
  for (const row of document.vatSummary) {
    const total = totals[pohodaVatRate(row.vatRate)];
    total.net += row.net;
    total.vat += row.vat;
    total.gross += row.gross;
  }
  return totals;
}

function headerText(document: SettlementDocument): string {
  const period = `${document.period.from} – ${document.period.to}`;
  switch (document.kind) {
    case 'invoice':
      return `Sdílená elektřina ${period}`;
    case 'self-billed-invoice':
    case 'self-billed-credit-note':
      return `Výkup sdílené elektřiny ${period} (vystaveno odběratelem)`;
    case 'internal-recharge':
      return `Přefakturace sdílené elektřiny ${period}`;
    case 'corrective':
      return `Oprava dokladu ${document.corrects?.number ?? ''} (${period})`;
  }
}

function amount(value: Halere): string {
  return formatCzkJson(value);
}

function kwh(energy: number): string {
  const negative = energy < 0;
  const digits = String(Math.abs(energy)).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
