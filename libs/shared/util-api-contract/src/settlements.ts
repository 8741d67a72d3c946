import type { SettlementWarning } from '@sdilna/shared/domain-settlement';

import type { DocumentKind, JobStatus, SettlementStatus } from './vocabulary';

export type { SettlementWarning, SettlementWarningCode } from '@sdilna/shared/domain-settlement';

/** Money travels as a string with 2 decimals ("1234.50", see `moneyText`); the currency beside it. */
export type MoneyText = string;

/** A monthly settlement run (without lines). */
export interface SettlementRunResponse {
  readonly id: string;
  readonly period: string;
  readonly status: SettlementStatus;
  readonly computeStatus: JobStatus;
  readonly totals: {
    readonly sharedKwh: number;
    readonly consumersPay: MoneyText;
    readonly producersReceive: MoneyText;
    readonly communityMargin: MoneyText;
    readonly currency: string;
  };
  /** findings: a code the portal words, its parameters, and the finding in English */
  readonly warnings: readonly SettlementWarning[];
  readonly error?: { readonly code: string; readonly message: string };
  readonly createdAt: string;
  /** only on GET of one run; a member sees its own record */
  readonly members?: readonly {
    readonly memberId: string;
    readonly name: string;
    /** Σ shared × (supplier price − internal price), net Kč as a decimal string */
    readonly consumerSaving?: MoneyText;
    readonly producerGain?: MoneyText;
  }[];
}

/** POST .../settlements */
export interface SettlementRequest {
  /** YYYY-MM */
  readonly period: string;
}

/** The steps of POST .../settlements/:id/:step */
export const SETTLEMENT_STEPS = ['approve', 'finalize'] as const;
export type SettlementStep = (typeof SETTLEMENT_STEPS)[number];

export interface PriceListResponse {
  readonly id: string;
  readonly name: string;
  readonly validFrom: string;
  readonly validTo?: string;
  /** net Kč per shared kWh, as a decimal string */
  readonly pricePerKwh: string;
  readonly vatRatePercent: number;
  readonly sellerVatPayer: boolean;
  readonly marginPerKwh: string;
  readonly currency: string;
}

export interface PriceListRequest {
  readonly name?: string;
  readonly validFrom: string;
  readonly validTo?: string;
  readonly pricePerKwh: string;
  readonly vatRatePercent?: number;
  readonly sellerVatPayer: boolean;
  readonly marginPerKwh?: string;
}

/** An issued document (invoice, self-billed credit note, municipal recharge). */
export interface IssuedDocumentResponse {
  readonly id: string;
  readonly runId: string;
  readonly kind: DocumentKind;
  readonly number: string;
  readonly sellerName: string;
  readonly buyerName: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly net: MoneyText;
  readonly vat: MoneyText;
  readonly gross: MoneyText;
  readonly currency: string;
}

export interface BillingStatusResponse {
  /** false when the server has no Stripe key: billing is off and everything else works */
  readonly enabled: boolean;
  readonly subscriptionStatus?: string;
  readonly meteringPoints?: number;
  readonly currentPeriodEnd?: string;
}

/** Where to send the browser (Stripe Checkout or the customer portal). */
export interface BillingRedirectResponse {
  readonly url: string;
}
