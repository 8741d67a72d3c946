/**
 * Payments of documents (issue 21): bank statements and their entries, the payment status of every document,
 * reminders and payouts to producers. Money is the contract's MoneyText ("1234.50").
 */
import type { MoneyText } from './settlements';
import type { DocumentKind } from './vocabulary';

export const PAYMENT_STATUSES = ['unpaid', 'partially-paid', 'paid', 'overdue'] as const;
export type PaymentStatusWord = (typeof PAYMENT_STATUSES)[number];

/** receivable: the community is paid (a member's invoice); payable: the community pays (a producer's payout). */
export const PAYMENT_SIDES = ['receivable', 'payable', 'other'] as const;
export type PaymentSide = (typeof PAYMENT_SIDES)[number];

export const PAYMENT_SOURCES = ['bank', 'card', 'manual'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

export const STATEMENT_FORMATS = ['camt053', 'gpc'] as const;
export type StatementFormatWord = (typeof STATEMENT_FORMATS)[number];

export const PAYOUT_FORMATS = ['pain001', 'abo'] as const;
export type PayoutFormat = (typeof PAYOUT_FORMATS)[number];

/** What one payment did to its document when it was booked. */
export const PAYMENT_OUTCOMES = ['paid', 'partially-paid', 'overpaid'] as const;
export type PaymentOutcomeWord = (typeof PAYMENT_OUTCOMES)[number];

/** One payment booked against a document. */
export interface DocumentPaymentEntry {
  readonly id: string;
  readonly source: PaymentSource;
  readonly amount: MoneyText;
  /** the booking date of a bank payment, the day a card payment was confirmed */
  readonly paidOn: string;
  readonly bankEntryId?: string;
  /** a payment recorded by hand (`manual`): what it was */
  readonly note?: string;
}

/** A payment recorded by hand (cash, a transfer Sdílna has no statement of): `POST …/documents/:id/payments`. */
export interface ManualPaymentRequest {
  /** MoneyText, more than zero ("1234.50") */
  readonly amount: MoneyText;
  /** the day it was paid (yyyy-mm-dd), not in the future */
  readonly paidOn: string;
  readonly note?: string;
}

/** The payment state of one document, on every document of the API. */
export interface DocumentPaymentResponse {
  readonly status: PaymentStatusWord;
  readonly side: PaymentSide;
  /** what is owed: the gross less reducing corrections */
  readonly amountDue: MoneyText;
  readonly paid: MoneyText;
  /** amountDue − paid, never below zero */
  readonly outstanding: MoneyText;
  /** paid beyond what is owed, when the member paid more */
  readonly overpaid?: MoneyText;
  readonly dueDate: string;
  readonly payments: readonly DocumentPaymentEntry[];
  /** payable documents: exported into a payout order already */
  readonly exported?: boolean;
}

/** A row of the administrator's payment overview. */
export interface DocumentPaymentRow extends DocumentPaymentResponse {
  readonly documentId: string;
  readonly number: string;
  readonly kind: DocumentKind;
  readonly variableSymbol: string;
  /** who pays (receivable) or who is paid (payable) */
  readonly partyName: string;
  readonly issueDate: string;
  readonly gross: MoneyText;
}

export interface PaymentOverviewResponse {
  readonly documents: readonly DocumentPaymentRow[];
  readonly totals: {
    /** still owed to the community by members (receivables) */
    readonly receivableOutstanding: MoneyText;
    /** of which past the due date */
    readonly receivableOverdue: MoneyText;
    /** still owed by the community to producers (payables) */
    readonly payableOutstanding: MoneyText;
    readonly currency: 'CZK';
  };
}

export interface BankStatementResponse {
  readonly id: string;
  readonly format: StatementFormatWord;
  readonly fileName: string;
  readonly account: string;
  readonly bankStatementId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly entryCount: number;
  /** entries not seen in an earlier statement */
  readonly newEntryCount: number;
  readonly uploadedAt: string;
}

export interface BankEntryResponse {
  readonly id: string;
  readonly statementId: string;
  readonly direction: 'credit' | 'debit';
  readonly amount: MoneyText;
  readonly currency: string;
  readonly bookingDate: string;
  readonly variableSymbol?: string;
  readonly constantSymbol?: string;
  readonly specificSymbol?: string;
  readonly counterpartyName?: string;
  readonly counterpartyAccount?: string;
  readonly message?: string;
  readonly bankReference?: string;
  /** the document this entry paid, when it is matched or assigned */
  readonly documentId?: string;
  readonly documentNumber?: string;
  /** matched by variable symbol, or assigned by hand */
  readonly matchedBy?: 'variable-symbol' | 'manual';
}

/** The answer to an upload: the statement, and for each of its new entries what happened to it. */
export interface StatementUploadResponse {
  readonly statement: BankStatementResponse;
  /** true: this very file was uploaded before; nothing changed */
  readonly duplicate: boolean;
  readonly entries: readonly (BankEntryResponse & {
    readonly outcome: PaymentOutcomeWord | 'unmatched';
  })[];
  /** entries of the file already booked from an earlier, overlapping statement */
  readonly alreadyBooked: number;
}

export interface AssignEntryRequest {
  readonly documentId: string;
}

export interface PaymentSettingsResponse {
  /** days after the due date on which a reminder is mailed, ascending */
  readonly reminderDays: readonly number[];
}

export interface PaymentSettingsRequest {
  readonly reminderDays: readonly number[];
}

export interface PayoutRequest {
  readonly format: PayoutFormat;
  /** the documents to pay; absent: every payable document with something outstanding not exported yet */
  readonly documentIds?: readonly string[];
  /** also documents exported before (a lost file, a rejected order) */
  readonly includeExported?: boolean;
  /** the day the bank is asked to pay; absent: today */
  readonly executionDate?: string;
}

export interface PayoutExportResponse {
  readonly id: string;
  readonly format: PayoutFormat;
  readonly executionDate: string;
  readonly total: MoneyText;
  readonly createdAt: string;
  readonly fileName: string;
  readonly documents: readonly {
    readonly documentId: string;
    readonly number: string;
    readonly partyName: string;
    readonly amount: MoneyText;
  }[];
}

/** A document the community still owes a producer, for the payouts page. */
export interface PayoutCandidateResponse {
  readonly documentId: string;
  readonly number: string;
  readonly kind: DocumentKind;
  readonly variableSymbol: string;
  readonly memberId: string;
  readonly partyName: string;
  /** what is left to pay */
  readonly amount: MoneyText;
  readonly dueDate: string;
  readonly exported: boolean;
  /** where the producer is paid; absent: no account yet (the order cannot include the document) */
  readonly iban?: string;
}

export interface PayeeAccountRequest {
  /** an IBAN, or a Czech account "prefix-number/bank" */
  readonly account: string;
}
