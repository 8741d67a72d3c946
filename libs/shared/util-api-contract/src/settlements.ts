import type { SettlementWarning } from '@sdilna/shared/domain-settlement';

import type { DocumentPaymentResponse } from './payments';
import type {
  ConnectStatus,
  DeliveryStatus,
  DocumentKind,
  JobStatus,
  SettlementRunKind,
  SettlementStatus,
} from './vocabulary';

export type { SettlementWarning, SettlementWarningCode } from '@sdilna/shared/domain-settlement';

/** Money travels as a string with 2 decimals ("1234.50", see `moneyText`); the currency beside it. */
export type MoneyText = string;

/** A monthly settlement run (without lines). */
export interface SettlementRunResponse {
  readonly id: string;
  readonly period: string;
  /** `correction`: re-bills what changed since the month's latest final run (`correctsRunId`) */
  readonly kind: SettlementRunKind;
  readonly correctsRunId?: string;
  /** printed on a correction run's corrective documents */
  readonly correctionReason?: string;
  readonly status: SettlementStatus;
  readonly computeStatus: JobStatus;
  readonly totals: {
    readonly sharedKwh: number;
    readonly consumersPay: MoneyText;
    readonly producersReceive: MoneyText;
    readonly communityMargin: MoneyText;
    /** the community's VAT (absent on runs computed before issue 20) */
    readonly communityOutputVat?: MoneyText;
    readonly communityInputVat?: MoneyText;
    /** input VAT the community cannot deduct (not a payer on the DUZP): its cost */
    readonly communityNonDeductibleVat?: MoneyText;
    /** communityMargin − communityNonDeductibleVat */
    readonly communityResult?: MoneyText;
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
    /** the member's lines (as buyer or seller) */
    readonly lines?: readonly SettlementLineResponse[];
  }[];
  /** the data gaps an administrator accepted by settling the month anyway */
  readonly settledAnyway?: readonly SettlementDataGap[];
  /** only on GET of a final run, for administrators: the month changed since it was billed */
  readonly revised?: SettlementRevision;
  /** only on GET of a computed correction run, for administrators: what it bills against the run it corrects */
  readonly difference?: SettlementRevision;
}

/** One member's change in a revised month. */
export interface SettlementMemberRevision {
  readonly memberId: string;
  readonly name: string;
  /** change of the energy on the member's lines, kWh */
  readonly deltaKwh: number;
  /** change of what the member pays, gross (negative: pays less or is paid more) */
  readonly deltaAmount: MoneyText;
}

/** How a final month's current data, prices and keys differ from what it was billed (or what a correction bills). */
export interface SettlementRevision {
  /** the month's latest final run */
  readonly settledRunId: string;
  readonly memberCount: number;
  /** change of the month's shared energy, kWh */
  readonly deltaKwh: number;
  /** change of what consumers pay, net */
  readonly deltaAmount: MoneyText;
  readonly currency: string;
  readonly members: readonly SettlementMemberRevision[];
}

/** POST .../settlements */
export interface SettlementRequest {
  /** YYYY-MM */
  readonly period: string;
  /** a correction run's reason, printed on its corrective documents */
  readonly reason?: string;
  /**
   * settle a month whose EDC data are missing or preliminary (otherwise 409 SETTLEMENT_DATA_INCOMPLETE); recorded
   * in the audit log and on the run (`settledAnyway`)
   */
  readonly settleAnyway?: boolean;
}

/** One metering point's days of a month whose EDC data are not final (YYYY-MM-DD). */
export interface SettlementDataGap {
  readonly ean: string;
  readonly label?: string;
  readonly missingDays: readonly string[];
  readonly preliminaryDays: readonly string[];
}

/** GET .../settlements/suggested-period */
export interface SuggestedSettlementPeriod {
  /** the newest month before the current one whose data are complete and final; absent when none is */
  readonly period?: string;
  /** whether that month already has a run */
  readonly hasRun: boolean;
}

/** The steps of POST .../settlements/:id/:step */
export const SETTLEMENT_STEPS = ['approve', 'finalize'] as const;
export type SettlementStep = (typeof SETTLEMENT_STEPS)[number];

/** A daily window of a time band, Prague wall clock `HH:mm`; `to` before `from` wraps past midnight. */
export interface TimeWindow {
  readonly from: string;
  readonly to: string;
}

/** A time band of a price list (e.g. a high tariff on workdays 8–20); its id keys `bandPrices`. */
export interface TimeBand {
  readonly id: string;
  readonly label: string;
  /** ISO weekdays, 1 = Monday; omitted = every day */
  readonly weekdays?: readonly number[];
  readonly windows: readonly TimeWindow[];
}

/** A per-producer, per-consumer or (with both EANs) per-pair price overriding the community price. */
export interface PriceRule {
  readonly producerEan?: string;
  readonly consumerEan?: string;
  readonly pricePerKwh: string;
  readonly bandPrices?: Readonly<Record<string, string>>;
}

export interface PriceListResponse {
  readonly id: string;
  readonly name: string;
  readonly validFrom: string;
  readonly validTo?: string;
  /** net Kč per shared kWh, as a decimal string */
  readonly pricePerKwh: string;
  readonly vatRatePercent: number;
  /** whether the community is a VAT payer on validFrom (from its dated VAT statuses) */
  readonly sellerVatPayer: boolean;
  readonly marginPerKwh: string;
  readonly currency: string;
  /** prices per time band id; other intervals use pricePerKwh */
  readonly bandPrices?: Readonly<Record<string, string>>;
  readonly bands?: readonly TimeBand[];
  readonly rules?: readonly PriceRule[];
}

export interface PriceListRequest {
  readonly name?: string;
  readonly validFrom: string;
  readonly validTo?: string;
  readonly pricePerKwh: string;
  readonly vatRatePercent?: number;
  /** deprecated (issue 20): records the community's VAT status from validFrom; use settlement-settings vatStatuses */
  readonly sellerVatPayer?: boolean;
  readonly marginPerKwh?: string;
  readonly bandPrices?: Readonly<Record<string, string>>;
  readonly bands?: readonly TimeBand[];
  readonly rules?: readonly PriceRule[];
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
  /** a corrective document: the document it corrects (a storno, or the difference after a revision) */
  readonly correctsDocumentId?: string;
  /** what is owed, paid and outstanding on it, and its payments */
  readonly payment?: DocumentPaymentResponse;
}

export interface BillingStatusResponse {
  /** false when the server has no Stripe key: billing is off and everything else works */
  readonly enabled: boolean;
  readonly subscriptionStatus?: string;
  readonly meteringPoints?: number;
  readonly currentPeriodEnd?: string;
  /** the community's own Stripe account for members' card payments (absent while billing is off) */
  readonly connect?: ConnectStatusResponse;
}

/** The community's own Stripe account (Stripe Connect). */
export interface ConnectStatusResponse {
  readonly status: ConnectStatus;
  readonly accountId?: string;
  /** the platform's fee on each card payment, in basis points */
  readonly applicationFeeBp: number;
}

/** Whether members may pay their documents by card: only to a community's connected, active Stripe account. */
export interface CardPaymentsResponse {
  readonly enabled: boolean;
}

/** A document's delivery by e-mail (GET of a run's deliveries; a resend answers the same). */
export interface DocumentDeliveryResponse {
  readonly documentId: string;
  readonly number: string;
  readonly kind: DocumentKind;
  /** the member the document is mailed to (the buyer; the producer of self-billed documents) */
  readonly memberId?: string;
  readonly memberName?: string;
  /** the address it was (or is being) sent to; absent when the member has no e-mail */
  readonly email?: string;
  readonly status: DeliveryStatus;
  /** why the last attempt failed (an SMTP answer, a dropped connection) */
  readonly reason?: string;
  readonly attempts: number;
  readonly queuedAt: string;
  readonly sentAt?: string;
}

/** Where to send the browser (Stripe Checkout or the customer portal). */
export interface BillingRedirectResponse {
  readonly url: string;
}

/** One line of a run, on GET of one run. */
export interface SettlementLineResponse {
  readonly position: number;
  readonly channel: string;
  readonly sellerId: string;
  readonly buyerId: string;
  readonly energyKwh: number;
  readonly unitPricePerKwh: string;
  readonly vatRatePercent: number;
  readonly net: MoneyText;
  readonly vat: MoneyText;
  readonly gross: MoneyText;
  readonly meteringPoints: readonly string[];
  readonly points?: readonly { readonly ean: string; readonly label?: string }[];
  readonly periodFrom?: string;
  readonly periodTo?: string;
}

/** GET .../settlements/:id/previews: the documents finalising the run will issue, unnumbered. */
export interface RunPreviewResponse {
  readonly runId: string;
  readonly issueDate: string;
  readonly documents: readonly {
    readonly kind: DocumentKind;
    readonly issuerId: string;
    readonly series: string;
    readonly sellerName: string;
    readonly buyerName: string;
    readonly periodFrom: string;
    readonly periodTo: string;
    readonly net: MoneyText;
    readonly vat: MoneyText;
    readonly gross: MoneyText;
    readonly currency: string;
    readonly correctsNumber?: string;
    readonly lines: readonly {
      readonly lineNumber: number;
      readonly description: string;
      readonly energyKwh: number;
      readonly unitPricePerKwh: string;
      readonly vatRatePercent: number;
      readonly net: MoneyText;
      readonly vat: MoneyText;
      readonly gross: MoneyText;
      readonly meteringPoints: readonly string[];
    }[];
  }[];
  readonly byKind: readonly {
    readonly kind: DocumentKind;
    readonly count: number;
    readonly net: MoneyText;
    readonly vat: MoneyText;
    readonly gross: MoneyText;
    readonly currency: string;
  }[];
}
