import type { KeyFile } from '@sdilna/shared/domain-allocation/keys';

import type {
  CommunityRole,
  CommunityType,
  InvitationStatus,
  MemberKind,
  PointPriceKind,
  PointRole,
  SourceKind,
} from './vocabulary';

/** Registry lists answer a page; a few older endpoints a bare array. */
export interface PageResponse<T> {
  readonly items: readonly T[];
  readonly total?: number;
  readonly limit?: number;
  readonly offset?: number;
}
export type ListResponse<T> = readonly T[] | PageResponse<T>;

export interface CommunityResponse {
  readonly id: string;
  readonly name: string;
  readonly type: CommunityType;
  readonly ico: string | null;
  readonly address: string | null;
  readonly territoryOrp: readonly string[];
  /** the caller's roles in the community (on lists of the caller's communities) */
  readonly roles?: readonly string[];
}

export interface MemberResponse {
  readonly id: string;
  readonly name: string;
  readonly kind: MemberKind;
  readonly email?: string | null;
  readonly ico?: string | null;
  readonly parentMemberId?: string | null;
  readonly phone?: string | null;
  readonly address?: string | null;
  readonly votes?: number;
  /** the SME declaration (small, medium) or large for a large enterprise */
  readonly enterpriseSize?: 'small' | 'medium' | 'large' | null;
  /** the ORP where the member's points lie */
  readonly orp?: string | null;
  readonly joinedOn?: string;
  readonly leftOn?: string | null;
  /** the VAT status and DIČ in force today */
  readonly vatStatus?: VatStatusName;
  readonly dic?: string | null;
  /** the dated VAT statuses (GET of one member) */
  readonly vatStatuses?: readonly MemberVatStatus[];
  /** a producer's self-billing agreement (§ 28 odst. 3 ZDPH) */
  readonly selfBillingAgreedOn?: string | null;
}

export type VatStatusName = 'payer' | 'identified-person' | 'non-payer';

/** One dated row of a member's VAT history (PUT …/members/:memberId/vat-statuses takes them all). */
export interface MemberVatStatus {
  readonly validFrom: string;
  readonly status: VatStatusName;
  readonly dic?: string;
}

/** The fields of POST .../members: null in an optional one is the same as leaving it out. */
export interface MemberRequest {
  readonly name: string;
  readonly kind: MemberKind;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly ico?: string | null;
  readonly parentMemberId?: string | null;
  readonly address?: string | null;
  readonly selfBillingAgreedOn?: string | null;
  readonly votes?: number;
  /** the SME declaration: small or medium for kind sme, large for a large enterprise */
  readonly enterpriseSize?: 'small' | 'medium' | 'large' | null;
  /** the ORP where the member's points lie (a voter of a renewable community must be local) */
  readonly orp?: string | null;
  /** the first day of membership (default: today) */
  readonly joinedOn?: string;
  /** the last day of membership; null: still a member */
  readonly leftOn?: string | null;
}

/** The fields of PATCH .../members/:memberId: null clears an optional field (never name, kind, votes, joinedOn). */
export type MemberChangeRequest = Partial<MemberRequest>;

export interface MeteringPointResponse {
  readonly id: string;
  readonly ean: string;
  readonly role: PointRole;
  readonly memberId: string;
  /** the point's sharing group in this period */
  readonly sharingGroupId?: string;
  readonly validFrom: string;
  readonly validTo?: string | null;
  readonly label?: string | null;
}

export interface MeteringPointRequest {
  readonly ean: string;
  readonly role: PointRole;
  readonly memberId: string;
  readonly validFrom: string;
  readonly validTo?: string;
  readonly label?: string;
}

/** What an administrator may change on a registered point (EAN, role and start stay as registered). */
export interface MeteringPointChangeRequest {
  readonly memberId?: string;
  /** the last day the point shares in the group */
  readonly validTo?: string;
  readonly label?: string;
  /** make a change to a month with final documents anyway (re-billed by a correction run) */
  readonly asCorrection?: boolean;
}

export interface PointPriceResponse {
  readonly id: string;
  readonly kind: PointPriceKind;
  /** Kč per kWh without VAT, a decimal string like "6.50" */
  readonly pricePerKwh: string;
  readonly currency: 'CZK';
  readonly validFrom: string;
  readonly validTo: string | null;
}

export interface PointPriceRequest {
  readonly kind: PointPriceKind;
  readonly pricePerKwh: string;
  readonly validFrom: string;
  readonly validTo?: string;
}

export interface SourceResponse {
  readonly id: string;
  readonly name: string;
  readonly kind: SourceKind;
  /** kW as a JSON number or a decimal string */
  readonly installedKw: number | string;
  readonly meteringPointId: string;
}

export interface SourceRequest {
  readonly name: string;
  readonly kind: SourceKind;
  readonly installedKw: number;
  readonly meteringPointId: string;
}

/** What an administrator may change on a plant (kind and point stay as registered). */
export interface SourceChangeRequest {
  readonly name?: string;
  readonly installedKw?: number;
}

export interface AllocationKeyVersionResponse {
  readonly id: string;
  readonly sharingGroupId?: string;
  readonly validFrom: string;
  /** inclusive; null while open-ended */
  readonly validTo?: string | null;
  readonly method?: string;
  readonly createdAt?: string;
}

/** A key version to register; `sharingGroupId` defaults to the community's only group. */
export type AllocationKeyRequest = KeyFile & { readonly validFrom: string; readonly sharingGroupId?: string };

export interface InvitationResponse {
  readonly id: string;
  readonly email: string;
  readonly role: CommunityRole;
  readonly memberId: string | null;
  readonly status: InvitationStatus;
  readonly expiresAt: string;
  /** only when just created: whether the mail was queued for the worker (false: Redis did not take it) */
  readonly mailQueued?: boolean;
}

export interface InvitationRequest {
  readonly email: string;
  readonly role: CommunityRole;
  readonly memberId?: string;
}

/** Answer of a CSV import of members or points: all rows or none, with a result per line. */
export interface CsvImportReportResponse {
  readonly imported: number;
  readonly rows: readonly {
    readonly line: number;
    readonly status: 'ok' | 'error';
    readonly id?: string;
    readonly problems?: readonly { readonly code: string; readonly message: string }[];
  }[];
}

export interface SharingGroupResponse {
  readonly id: string;
  readonly name: string;
  readonly edcGroupId: string | null;
  /** the group asked EDC for iteration, as recorded for today */
  readonly iterationRequested: boolean;
}

export interface IterationPeriodResponse {
  readonly validFrom: string;
  /** inclusive; null while open-ended */
  readonly validTo: string | null;
  readonly requested: boolean;
}

export interface SharingGroupIterationResponse {
  readonly sharingGroupId: string;
  readonly today: string;
  readonly requested: boolean;
  readonly periods: readonly IterationPeriodResponse[];
}

export interface SharingGroupIterationRequest {
  readonly requested: boolean;
  readonly validFrom: string;
}
