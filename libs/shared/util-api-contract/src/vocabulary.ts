/**
 * The words the API and the portal share (contract.md): each a const array, so the API's validators
 * (`@IsIn(MEMBER_KINDS)`) and the portal's select boxes use the same list, and its union type.
 */

export const MEMBER_KINDS = [
  'household',
  'sme',
  'large-enterprise',
  'municipality',
  'municipal-unit',
  'other',
] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** Roles a user holds in one community. */
export const COMMUNITY_ROLES = ['community-admin', 'member', 'municipality-accountant'] as const;
export type CommunityRole = (typeof COMMUNITY_ROLES)[number];

export const COMMUNITY_TYPES = ['active-customer', 'energy-community', 'renewable-community'] as const;
export type CommunityType = (typeof COMMUNITY_TYPES)[number];

export const POINT_ROLES = ['production', 'consumption'] as const;
export type PointRole = (typeof POINT_ROLES)[number];

/** The supplier's energy price of a consumption point or the feed-in price of a production point. */
export const POINT_PRICE_KINDS = ['supplier-energy', 'feed-in'] as const;
export type PointPriceKind = (typeof POINT_PRICE_KINDS)[number];

export const SOURCE_KINDS = ['pv', 'chp', 'wind', 'hydro', 'biogas', 'battery', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const INVITATION_STATUSES = ['pending', 'accepted', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const DOCUMENT_KINDS = [
  'invoice',
  'self-billed-invoice',
  'self-billed-credit-note',
  'internal-recharge',
  'corrective',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The file formats of an issued document. */
export const DOCUMENT_FORMATS = ['pdf', 'isdoc'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** A settlement run's approval state. */
export const SETTLEMENT_STATUSES = ['draft', 'approved', 'final'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

/** A settlement run's kind: the month's settlement, or a correction re-billing what changed since (issue 17). */
export const SETTLEMENT_RUN_KINDS = ['original', 'correction'] as const;
export type SettlementRunKind = (typeof SETTLEMENT_RUN_KINDS)[number];

/** A job's state: an EDC import's and a settlement run's computation. */
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** An EDC import's state: a job's, or `superseded` when a later file of the same period replaced it. */
export const IMPORT_STATUSES = [...JOB_STATUSES, 'superseded'] as const;
export type ImportStatusValue = (typeof IMPORT_STATUSES)[number];
export type SettlementComputeStatus = JobStatus;

/** Which EDC report an import holds: the standard per-EAN export or the pair report. */
export const IMPORT_KINDS = ['standard', 'pair'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** EDC's calculation: daily values are preliminary, monthly ones final. */
export const EDC_CALCULATIONS = ['daily', 'monthly'] as const;
export type EdcCalculation = (typeof EDC_CALCULATIONS)[number];

export const GRANULARITIES = ['15m', 'day', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Whose sharing an answer shows: EDC's evaluation or this engine's with the registered key. */
export const SHARING_SOURCES = ['edc', 'computed'] as const;
export type SharingSource = (typeof SHARING_SOURCES)[number];

export const COMPLETENESS_STATES = ['complete', 'preliminary', 'partial', 'missing'] as const;
export type CompletenessState = (typeof COMPLETENESS_STATES)[number];

export const EDC_CONNECTOR_STATES = [
  'unavailable',
  'not-configured',
  'waiting',
  'running',
  'ok',
  'retrying',
  'failing',
] as const;
export type EdcConnectorState = (typeof EDC_CONNECTOR_STATES)[number];

export const EDC_FETCH_KINDS = ['nightly', 'backfill'] as const;
export type EdcFetchKind = (typeof EDC_FETCH_KINDS)[number];

/** Registry CSV imports. */
export const CSV_IMPORT_TARGETS = ['members', 'metering-points'] as const;
export type CsvImportTarget = (typeof CSV_IMPORT_TARGETS)[number];

/**
 * A document's delivery by e-mail: `queued` until the worker's mail is accepted (`sent`) or its last attempt failed
 * (`failed`, with the reason); `no-address`: its member has no e-mail, nothing was sent.
 */
export const DELIVERY_STATUSES = ['queued', 'sent', 'failed', 'no-address'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** How far a community's own Stripe account (Stripe Connect) is: card payments of documents need `active`. */
export const CONNECT_STATUSES = ['not-connected', 'onboarding', 'active'] as const;
export type ConnectStatus = (typeof CONNECT_STATUSES)[number];

/**
 * Where the billing endpoints send the browser: Stripe Checkout, the customer portal, or Stripe Connect's
 * onboarding of the community's own account.
 */
export const BILLING_REDIRECTS = ['checkout', 'portal', 'connect'] as const;
export type BillingRedirect = (typeof BILLING_REDIRECTS)[number];

/**
 * The error codes of `{ error: { code, message, details } }` that the portal explains in words (contract.md §3);
 * any other code is shown by its HTTP status.
 */
export const SHOWN_ERROR_CODES = [
  'NOT_FOUND',
  'INVALID_CREDENTIALS',
  'EMAIL_TAKEN',
  'VALIDATION_FAILED',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  'TOO_MANY_REQUESTS',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'POINT_IN_USE',
  'PRICE_PERIOD_OVERLAP',
  'CONSENT_REQUIRED',
  'CONNECTOR_NOT_CONFIGURED',
  'NO_GROUP_MAPPED',
  'FETCH_IN_PROGRESS',
  'CONNECTOR_UNAVAILABLE',
] as const;
export type ShownErrorCode = (typeof SHOWN_ERROR_CODES)[number];

/** The API's error body (contract.md §3). */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}
