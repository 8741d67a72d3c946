import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

import {
  type DocumentLine,
  type DocumentParty,
  documentStatements,
  formatCzkJson,
  formatPricePerKwhNumber,
  type Halere,
  ibanToCzechAccount,
  type SettlementDocument,
  SettlementError,
  vatRatePercentText,
} from '@sdilna/shared/domain-settlement';

import { isdocDocumentTypeOf } from './isdoc-kinds';

export interface IsdocOptions {
  readonly issuingSystem?: string;
  /** the document's PDF travelling with it in an ISDOCX, listed as its preview */
  readonly preview?: IsdocSupplement;
}

/** A file attached to an ISDOC (ISDOCX) with its SHA-1 digest (base64), as `SupplementsList` names it. */
export interface IsdocSupplement {
  readonly filename: string;
  readonly sha1Base64: string;
}

export const ISDOC_NAMESPACE = 'http://isdoc.cz/namespace/2013';
export const ISDOC_VERSION = '6.0.2';
const ORIGINAL_REFERENCE_ID = 'original';

/**
 * ISDOC 6.0.2 XML of an issued document (the Czech e-invoice standard that accounting tools import).
 * Amounts are haléře written as decimals with two places; quantities are kWh (unit code KWH); unit prices are
 * Kč/kWh written exactly, with as many decimals as the price needs.
 */
export function writeIsdoc(document: SettlementDocument, options: IsdocOptions = {}): string {
  if (document.number === undefined) {
    throw new SettlementError(
      'INVALID_DOCUMENT',
      'only an issued (numbered) document can be written as ISDOC',
    );
  }
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(ISDOC_NAMESPACE, 'Invoice', {
    version: ISDOC_VERSION,
  });
  root.ele('DocumentType').txt(String(isdocDocumentTypeOf(document)));
  root.ele('ID').txt(document.number);
  root.ele('UUID').txt(document.uuid.toUpperCase());
  root.ele('IssuingSystem').txt(options.issuingSystem ?? 'Sdílna');
  root.ele('IssueDate').txt(document.issueDate);
  root.ele('TaxPointDate').txt(document.taxPointDate);
  root.ele('VATApplicable').txt(String(document.vatApplicable));
  root.ele('ElectronicPossibilityAgreementReference').txt('');
  // §45: a corrective document names the original's number and DUZP and the reason; §28(3): a self-billed
  // document says who issued it on which agreement; a document without VAT says it is not a tax document
  const correction = document.corrects
    ? `Oprava dokladu ${document.corrects.number}${
        document.corrects.taxPointDate !== undefined ? ` (DUZP ${document.corrects.taxPointDate})` : ''
      }: ${document.corrects.reason}`
    : document.note;
  const note = [...documentStatements(document), ...(correction !== undefined ? [correction] : [])].join(' ');
  if (note !== '') root.ele('Note').txt(note);
  root.ele('LocalCurrencyCode').txt(document.currency);
  root.ele('CurrRate').txt('1');
  root.ele('RefCurrRate').txt('1');
  writeParty(root.ele('AccountingSupplierParty'), document.seller);
  writeParty(root.ele('AccountingCustomerParty'), document.buyer);
  if (document.corrects) {
    const reference = root
      .ele('OriginalDocumentReferences')
      .ele('OriginalDocumentReference', { id: ORIGINAL_REFERENCE_ID });
    reference.ele('ID').txt(document.corrects.number);
    reference.ele('IssueDate').txt(document.corrects.issueDate);
    reference.ele('UUID').txt(document.corrects.uuid.toUpperCase());
  }

  const lines = root.ele('InvoiceLines');
  for (const line of document.lines) writeLine(lines.ele('InvoiceLine'), line, document);

  const taxTotal = root.ele('TaxTotal');
  for (const row of document.vatSummary) {
    const sub = taxTotal.ele('TaxSubTotal');
    sub.ele('TaxableAmount').txt(amount(row.net));
    sub.ele('TaxAmount').txt(amount(row.vat));
    sub.ele('TaxInclusiveAmount').txt(amount(row.gross));
    sub.ele('AlreadyClaimedTaxableAmount').txt('0');
    sub.ele('AlreadyClaimedTaxAmount').txt('0');
    sub.ele('AlreadyClaimedTaxInclusiveAmount').txt('0');
    sub.ele('DifferenceTaxableAmount').txt(amount(row.net));
    sub.ele('DifferenceTaxAmount').txt(amount(row.vat));
    sub.ele('DifferenceTaxInclusiveAmount').txt(amount(row.gross));
    const category = sub.ele('TaxCategory');
    category.ele('Percent').txt(vatRatePercentText(row.vatRate));
    category.ele('VATApplicable').txt(String(document.vatApplicable));
  }
  taxTotal.ele('TaxAmount').txt(amount(document.totals.vat));

  const totals = root.ele('LegalMonetaryTotal');
  totals.ele('TaxExclusiveAmount').txt(amount(document.totals.net));
  totals.ele('TaxInclusiveAmount').txt(amount(document.totals.gross));
  totals.ele('AlreadyClaimedTaxExclusiveAmount').txt('0');
  totals.ele('AlreadyClaimedTaxInclusiveAmount').txt('0');
  totals.ele('DifferenceTaxExclusiveAmount').txt(amount(document.totals.net));
  totals.ele('DifferenceTaxInclusiveAmount').txt(amount(document.totals.gross));
  totals.ele('PaidDepositsAmount').txt('0');
  totals.ele('PayableAmount').txt(amount(document.totals.gross));

  const account = document.seller.bankAccount;
  if (account && document.totals.gross > 0) {
    const payment = root.ele('PaymentMeans').ele('Payment');
    payment.ele('PaidAmount').txt(amount(document.totals.gross));
    payment.ele('PaymentMeansCode').txt('42'); // payment to a bank account
    const details = payment.ele('Details');
    details.ele('PaymentDueDate').txt(document.dueDate);
    const czech = account.iban.startsWith('CZ') ? ibanToCzechAccount(account.iban) : undefined;
    const [accountNumber, bankCode] = czech ? (czech.split('/') as [string, string]) : [account.iban, ''];
    details.ele('ID').txt(accountNumber);
    details.ele('BankCode').txt(bankCode);
    details.ele('Name').txt('');
    details.ele('IBAN').txt(account.iban);
    details.ele('BIC').txt(account.bic ?? '');
    if (document.variableSymbol !== undefined) details.ele('VariableSymbol').txt(document.variableSymbol);
  }
  if (options.preview) {
    const supplement = root.ele('SupplementsList').ele('Supplement', { preview: 'true' });
    supplement.ele('Filename').txt(options.preview.filename);
    supplement.ele('DigestMethod', { Algorithm: 'http://www.w3.org/2000/09/xmldsig#sha1' });
    supplement.ele('DigestValue').txt(options.preview.sha1Base64);
  }
  return root.end({ prettyPrint: true });
}

function writeParty(parent: XMLBuilder, party: DocumentParty): void {
  const node = parent.ele('Party');
  node
    .ele('PartyIdentification')
    .ele('ID')
    .txt(party.ico ?? '');
  node.ele('PartyName').ele('Name').txt(party.name);
  const address = node.ele('PostalAddress');
  address.ele('StreetName').txt(party.address?.street ?? '');
  address.ele('BuildingNumber').txt(party.address?.buildingNumber ?? '');
  address.ele('CityName').txt(party.address?.city ?? '');
  address.ele('PostalZone').txt(party.address?.postalCode ?? '');
  const country = address.ele('Country');
  country.ele('IdentificationCode').txt(party.address?.countryCode ?? 'CZ');
  country.ele('Name').txt('');
  if (party.dic !== undefined) {
    const tax = node.ele('PartyTaxScheme');
    tax.ele('CompanyID').txt(party.dic);
    tax.ele('TaxScheme').txt('VAT');
  }
  if (party.email !== undefined) node.ele('Contact').ele('ElectronicMail').txt(party.email);
}

function writeLine(node: XMLBuilder, line: DocumentLine, document: SettlementDocument): void {
  node.ele('ID').txt(String(line.lineNumber));
  if (document.corrects) node.ele('OriginalDocumentReference', { ref: ORIGINAL_REFERENCE_ID });
  node.ele('InvoicedQuantity', { unitCode: 'KWH' }).txt(kwh(line.energy));
  node.ele('LineExtensionAmount').txt(amount(line.net));
  node.ele('LineExtensionAmountTaxInclusive').txt(amount(line.gross));
  node.ele('LineExtensionTaxAmount').txt(amount(line.vat));
  node.ele('UnitPrice').txt(formatPricePerKwhNumber(line.unitPrice));
  node.ele('UnitPriceTaxInclusive').txt(priceWithVat(line.unitPrice, line.vatRate));
  const category = node.ele('ClassifiedTaxCategory');
  category.ele('Percent').txt(vatRatePercentText(line.vatRate));
  category.ele('VATCalculationMethod').txt('0'); // VAT computed from the net amount ("zdola")
  category.ele('VATApplicable').txt(String(document.vatApplicable));
  if (line.meteringPoints && line.meteringPoints.length > 0)
    node.ele('Note').txt(`EAN ${line.meteringPoints.join(', ')}`);
  node.ele('Item').ele('Description').txt(line.description);
}

function amount(value: Halere): string {
  return formatCzkJson(value);
}

function kwh(energy: number): string {
  const negative = energy < 0;
  const digits = String(Math.abs(energy)).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Exact Kč/kWh price including VAT: h/MWh × (10 000 + rate) / 10^9, written without rounding. */
function priceWithVat(price: number, rate: number): string {
  const numerator = BigInt(price) * BigInt(10_000 + rate);
  const digits = numerator.toString().padStart(10, '0');
  let fraction = digits.slice(-9);
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${digits.slice(0, -9)}.${fraction}`;
}
