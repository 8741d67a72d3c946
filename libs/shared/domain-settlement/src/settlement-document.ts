import type { KwhHundredths, LocalDate } from '@sdilna/shared/domain-core';

import type { Halere } from './money';
import type { PricePerMwh } from './price';
import type { AmountTotals } from './settlement-result';
import type { VatRateBasisPoints } from './vat';
import type { VatStatus } from './vat-status';

/**
 * - `invoice`: seller → buyer (the community → a consumer, or a producer → a consumer in direct mode)
 * - `self-billed-invoice`: a VAT-paying producer's invoice to the community, issued by the community on its behalf
 * - `self-billed-credit-note`: the community's payout document to a producer who is not a VAT payer
 * - `internal-recharge`: a municipality re-invoicing shared energy to (or from) its own organisational units
 * - `corrective`: corrects an issued document; it references the original and carries the difference
 */
export type DocumentKind =
  'invoice' | 'self-billed-invoice' | 'self-billed-credit-note' | 'internal-recharge' | 'corrective';

/** ISDOC DocumentType: 1 invoice, 2 credit note, 3 debit note. */
export type IsdocDocumentType = 1 | 2 | 3;

export interface PostalAddress {
  readonly street: string;
  readonly buildingNumber: string;
  readonly city: string;
  readonly postalCode: string;
  /** ISO 3166 alpha-2, "CZ" */
  readonly countryCode: string;
}

export interface BankAccount {
  /** validated IBAN without spaces */
  readonly iban: string;
  readonly bic?: string;
  /** the Czech notation "19-2000145399/0800", shown on documents next to the IBAN */
  readonly czechAccount?: string;
}

export interface DocumentParty {
  /** member id or COMMUNITY_PARTY_ID */
  readonly id: string;
  readonly name: string;
  /** IČO, 8 digits */
  readonly ico?: string;
  /** DIČ, "CZ12345678" */
  readonly dic?: string;
  readonly vatPayer: boolean;
  /** the VAT status on the document's DUZP (documents issued before issue 20 have only `vatPayer`) */
  readonly vatStatus?: VatStatus;
  /** a legal entity (company, municipality, the community) needs its IČO on tax documents; a household has none */
  readonly legalEntity?: boolean;
  /** a producer's agreement that the community issues its documents (§ 28 odst. 3 ZDPH), when recorded */
  readonly selfBillingAgreedOn?: LocalDate;
  readonly address?: PostalAddress;
  readonly email?: string;
  readonly bankAccount?: BankAccount;
}

export interface DocumentLine {
  /** 1-based position on the document */
  readonly lineNumber: number;
  readonly description: string;
  /** quantity in 0.01 kWh */
  readonly energy: KwhHundredths;
  readonly unitPrice: PricePerMwh;
  readonly net: Halere;
  readonly vatRate: VatRateBasisPoints;
  readonly vat: Halere;
  readonly gross: Halere;
  readonly meteringPoints?: readonly string[];
  /** the settlement line it came from */
  readonly sourceLineId?: string;
}

export interface VatSummaryRow extends AmountTotals {
  readonly vatRate: VatRateBasisPoints;
}

export interface DocumentReference {
  readonly number: string;
  readonly issueDate: LocalDate;
  readonly uuid: string;
}

/** A document as plain data: what the PDF, ISDOC, CSV and SPAYD writers read and what the database stores. */
export interface SettlementDocument {
  readonly uuid: string;
  readonly kind: DocumentKind;
  readonly isdocDocumentType: IsdocDocumentType;
  /** who issues (and numbers) it: the seller, the community for self-billing, the municipality for recharges */
  readonly issuerId: string;
  readonly series: string;
  /** assigned when the document is finalised; drafts have none */
  readonly number?: string;
  readonly variableSymbol?: string;
  readonly issueDate: LocalDate;
  readonly taxPointDate: LocalDate;
  readonly dueDate: LocalDate;
  readonly period: { readonly from: LocalDate; readonly to: LocalDate };
  readonly seller: DocumentParty;
  readonly buyer: DocumentParty;
  /** the seller charges VAT on this document */
  readonly vatApplicable: boolean;
  readonly currency: 'CZK';
  readonly lines: readonly DocumentLine[];
  readonly vatSummary: readonly VatSummaryRow[];
  readonly totals: AmountTotals;
  /** the corrected original; `taxPointDate` (its DUZP) is stated on corrections issued since issue 17 */
  readonly corrects?: DocumentReference & { readonly reason: string; readonly taxPointDate?: LocalDate };
  readonly note?: string;
}
