/**
 * The public "does joining pay?" page and join requests (issue 23 item 1, docs/joining.md): what a community
 * publishes, the estimate a visitor gets and the requests an administrator reviews.
 */

import type { ApplicantKind } from '@sdilna/shared/domain-core';

/** What a prospective member says they are; each has its own typical load profile (domain-allocation). */
export { APPLICANT_KINDS } from '@sdilna/shared/domain-core';
export type { ApplicantKind } from '@sdilna/shared/domain-core';

export const JOIN_REQUEST_STATUSES = ['unconfirmed', 'confirmed', 'accepted', 'declined'] as const;
export type JoinRequestStatus = (typeof JOIN_REQUEST_STATUSES)[number];

/** The administrator's settings of the public page (`PUT /api/communities/:id/public-page`). */
export interface PublicPageRequest {
  readonly slug: string;
  readonly published: boolean;
  readonly description: string;
  readonly sources: string;
  readonly conditions: string;
  /** the supplier's price per kWh (net, Kč, "4.50") the estimate assumes a newcomer saves against */
  readonly supplierPricePerKwh: string;
}

export interface PublicPageResponse extends PublicPageRequest {
  readonly updatedAt: string;
}

/** A published community as a visitor sees it (`GET /api/public/communities/:slug`). */
export interface PublicCommunityResponse {
  readonly slug: string;
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly sources: string;
  readonly conditions: string;
  readonly supplierPricePerKwh: string;
  /** the community's registered generation sources: kind and installed power */
  readonly generation: readonly { readonly kind: string; readonly installedKw: number }[];
  /** a token the join request carries back: when the form was opened, signed (minimum fill time) */
  readonly formToken: string;
}

export interface EstimateRequest {
  readonly kind: ApplicantKind;
  /** kWh a year; ignored when `monthlyCsv` is given */
  readonly yearlyConsumptionKwh?: number;
  /** a year of the visitor's own monthly data: header `month;kwh`, 12 rows, month 1..12 or YYYY-MM */
  readonly monthlyCsv?: string;
  /** the visitor's own supplier price per kWh (net, Kč); the community's assumption otherwise */
  readonly supplierPricePerKwh?: string;
}

export interface EstimateResponse {
  readonly kind: ApplicantKind;
  /** the year of the community's stored production the estimate ran on (Prague days, both inclusive) */
  readonly from: string;
  readonly to: string;
  /** days of that year with stored production */
  readonly days: number;
  readonly yearlyConsumptionKwh: number;
  /** 'typical' (the kind's profile scaled to the yearly figure) or 'monthly' (scaled month by month) */
  readonly consumptionSource: 'typical' | 'monthly';
  /** the synthetic profile the demand followed, e.g. 'household' (docs/joining.md describes each) */
  readonly profile: ApplicantKind;
  /** the newcomer's consumption over the days with production data */
  readonly consumptionOnDataDaysKwh: number;
  readonly sharedKwh: number;
  /** shared kWh as a percentage of the consumption on the same days, two decimals */
  readonly sharedPercent: number;
  /** the production today's members leave unshared on those days: the most a newcomer can get */
  readonly leftoverKwh: number;
  readonly supplierPricePerKwh: string;
  /** the average community price of the shared kWh (net), null when no price list covers them */
  readonly communityPricePerKwh: string | null;
  /** shared kWh × (supplier price − community price), net of VAT; null when no price list covers them */
  readonly savingsCzk: string | null;
  /** shared kWh no price list covers (their saving is not counted) */
  readonly unpricedKwh: number;
}

export interface JoinRequestRequest {
  readonly name: string;
  readonly email: string;
  readonly phone?: string;
  readonly address: string;
  readonly kind: ApplicantKind;
  readonly eans: readonly string[];
  readonly yearlyConsumptionKwh?: number;
  readonly monthlyCsv?: string;
  readonly supplierPricePerKwh?: string;
  readonly message?: string;
  readonly consentDataProcessing: boolean;
  readonly consentEdcMandate: boolean;
  readonly consentEmail: boolean;
  readonly formToken: string;
  /** the honeypot: a field people never see; anything in it marks a robot */
  readonly website?: string;
}

export interface JoinRequestResponse {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
  readonly address: string;
  readonly kind: ApplicantKind;
  readonly eans: readonly string[];
  readonly yearlyConsumptionKwh: number;
  readonly estimate: EstimateResponse;
  readonly consents: readonly {
    readonly kind: string;
    readonly version: string;
    readonly granted: boolean;
  }[];
  readonly message: string | null;
  readonly status: JoinRequestStatus;
  readonly createdAt: string;
  readonly confirmedAt: string | null;
  readonly decidedAt: string | null;
  readonly declineReason: string | null;
  readonly memberId: string | null;
}

export interface AcceptJoinRequestRequest {
  /** the sharing group of the new points; the community's only group when omitted */
  readonly sharingGroupId?: string;
  /** the first day of the membership and of the points; today (Prague) when omitted */
  readonly validFrom?: string;
}

export interface DeclineJoinRequestRequest {
  readonly reason: string;
}

/** One row of a bulk onboarding file (CSV/XLSX of members with points and consents), as the preview and the import answer it. */
export interface OnboardingRow {
  readonly line: number;
  readonly status: 'ok' | 'error';
  readonly member: string;
  readonly ean: string | null;
  readonly memberId?: string;
  readonly problems: readonly { readonly code: string; readonly message: string }[];
}

/** The answer of `POST …/onboarding/preview` and `POST …/onboarding`: all rows, or none stored. */
export interface OnboardingReport {
  /** whether the file was stored (never for a preview) */
  readonly imported: boolean;
  readonly members: number;
  readonly points: number;
  readonly rows: readonly OnboardingRow[];
  readonly problems: readonly { readonly code: string; readonly message: string }[];
}
