import type { CommunityType } from '@sdilna/portal/data-access-auth';
import type { KeyFile } from '@sdilna/shared/domain-allocation/keys';

export interface Community {
  readonly id: string;
  readonly name: string;
  readonly type: CommunityType;
  readonly ico: string | null;
  readonly address: string | null;
  readonly territoryOrp: readonly string[];
  readonly roles?: readonly string[];
}

export type MemberKind =
  'household' | 'sme' | 'large-enterprise' | 'municipality' | 'municipal-unit' | 'other';
export const MEMBER_KINDS: readonly MemberKind[] = [
  'household',
  'sme',
  'large-enterprise',
  'municipality',
  'municipal-unit',
  'other',
];

export interface Member {
  readonly id: string;
  readonly name: string;
  readonly kind: MemberKind;
  readonly email?: string | null;
  readonly ico?: string | null;
  readonly parentMemberId?: string | null;
  readonly phone?: string | null;
  readonly address?: string | null;
  readonly votes?: number;
  readonly joinedOn?: string;
  readonly leftOn?: string | null;
}

export interface MemberInput {
  readonly name: string;
  readonly kind: MemberKind;
  readonly email?: string;
  readonly ico?: string;
  readonly parentMemberId?: string;
}

export type PointRole = 'production' | 'consumption';

export interface MeteringPoint {
  readonly id: string;
  readonly ean: string;
  readonly role: PointRole;
  readonly memberId: string;
  readonly validFrom: string;
  readonly validTo?: string | null;
  readonly label?: string | null;
}

export interface MeteringPointInput {
  readonly ean: string;
  readonly role: PointRole;
  readonly memberId: string;
  readonly validFrom: string;
  readonly validTo?: string;
  readonly label?: string;
}

/** What an administrator may change on a registered point (EAN, role and start stay as registered). */
export interface MeteringPointChange {
  readonly memberId?: string;
  /** the last day the point shares in the group */
  readonly validTo?: string;
  readonly label?: string;
}

/** The supplier's energy price of a consumption point or the feed-in price of a production point. */
export type PointPriceKind = 'supplier-energy' | 'feed-in';

export interface PointPrice {
  readonly id: string;
  readonly kind: PointPriceKind;
  /** Kč per kWh without VAT, a decimal string like "6.50" */
  readonly pricePerKwh: string;
  readonly currency: 'CZK';
  readonly validFrom: string;
  readonly validTo: string | null;
}

export interface PointPriceInput {
  readonly kind: PointPriceKind;
  readonly pricePerKwh: string;
  readonly validFrom: string;
  readonly validTo?: string;
}

export type SourceKind = 'pv' | 'chp' | 'wind' | 'hydro' | 'biogas' | 'battery' | 'other';
export const SOURCE_KINDS: readonly SourceKind[] = [
  'pv',
  'chp',
  'wind',
  'hydro',
  'biogas',
  'battery',
  'other',
];

export interface Source {
  readonly id: string;
  readonly name: string;
  readonly kind: SourceKind;
  readonly installedKw: number | string;
  readonly meteringPointId: string;
}

/** What an administrator may change on a plant (kind and point stay as registered). */
export interface SourceChange {
  readonly name?: string;
  readonly installedKw?: number;
}

export interface SourceInput {
  readonly name: string;
  readonly kind: SourceKind;
  readonly installedKw: number;
  readonly meteringPointId: string;
}

export interface AllocationKeyVersion {
  readonly id: string;
  readonly validFrom: string;
  readonly method?: string;
  readonly createdAt?: string;
}

export type AllocationKeyInput = KeyFile & { readonly validFrom: string };

export type InvitationRole = 'community-admin' | 'member' | 'municipality-accountant';

export interface Invitation {
  readonly id: string;
  readonly email: string;
  readonly role: InvitationRole;
  readonly memberId: string | null;
  readonly status: 'pending' | 'accepted' | 'expired' | 'revoked';
  readonly expiresAt: string;
  readonly mailDelivered?: boolean;
}

export interface InvitationInput {
  readonly email: string;
  readonly role: InvitationRole;
  readonly memberId?: string;
}

export type ImportState = 'queued' | 'running' | 'done' | 'failed';

export interface ImportWarning {
  readonly message: string;
  readonly code?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly ean?: string;
}

export interface ImportStatus {
  readonly id: string;
  readonly status: ImportState;
  /** 0..1 */
  readonly progress?: number;
  readonly period?: { readonly from: string; readonly to: string } | null;
  readonly warnings?: readonly (string | ImportWarning)[];
  readonly error?: string | ImportWarning | null;
  readonly fileName?: string;
  readonly createdAt?: string;
  readonly finishedAt?: string | null;
  readonly duplicate?: boolean;
  readonly counts?: { readonly points: number; readonly days: number; readonly intervals: number } | null;
  /** which EDC report: the standard per-EAN export or the pair report */
  readonly kind?: 'standard' | 'pair';
  /** EDC's calculation: daily values are preliminary, monthly ones final */
  readonly calculation?: 'daily' | 'monthly' | null;
}

/** Answer of a CSV import of members or points: all rows or none, with a result per line. */
export interface CsvImportReport {
  readonly imported: number;
  readonly rows: readonly {
    readonly line: number;
    readonly status: 'ok' | 'error';
    readonly id?: string;
    readonly problems?: readonly { readonly code: string; readonly message: string }[];
  }[];
}

export type Granularity = '15m' | 'day' | 'month';

export interface SharingSample {
  /** 15m: ISO instant (UTC); day: YYYY-MM-DD; month: YYYY-MM (Prague calendar) */
  readonly start: string;
  /** null = no data */
  readonly measuredKwh: number | null;
  /** null = EDC has not evaluated the interval yet */
  readonly sharedKwh: number | null;
  readonly residualKwh: number | null;
}

export interface SharingTotals {
  readonly measuredKwh: number;
  readonly sharedKwh: number;
  readonly residualKwh: number;
}

export interface SharingOfPoint {
  readonly ean: string;
  readonly role: PointRole;
  readonly meteringPointId?: string;
  readonly memberId?: string;
  readonly label?: string | null;
  readonly series: readonly SharingSample[];
  readonly totals: SharingTotals;
}

export interface GroupSharing {
  readonly sharingGroupId: string;
  readonly name: string;
  readonly productionKwh: number;
  readonly consumptionKwh: number;
  readonly sharedKwh: number;
  readonly residualExportKwh: number;
  readonly residualImportKwh: number;
  readonly missedKwh: number;
  readonly discrepancies: number;
}

export interface SharingAnswer {
  readonly from?: string;
  readonly to?: string;
  readonly points: readonly SharingOfPoint[];
  /** group totals; administrators only (empty for members) */
  readonly groups?: readonly GroupSharing[];
}

/** GET .../sharing/groups (administrators): the `groups` of GET .../sharing without the points. */
export interface GroupsAnswer {
  readonly from: string;
  readonly to: string;
  readonly source: 'edc' | 'computed';
  readonly groups: readonly GroupSharing[];
}

export type CompletenessState = 'complete' | 'preliminary' | 'partial' | 'missing';

export interface CompletenessAnswer {
  readonly month: string;
  readonly points: readonly {
    readonly ean: string;
    readonly role: PointRole;
    readonly label: string | null;
    readonly days: readonly { readonly date: string; readonly status: CompletenessState }[];
  }[];
  readonly counts: Readonly<Record<CompletenessState, number>>;
}

export interface Discrepancy {
  readonly ean: string;
  readonly role: PointRole;
  readonly start: string;
  readonly date: string;
  readonly edcSharedKwh: number;
  readonly computedSharedKwh: number;
  readonly differenceKwh: number;
}

export interface DiscrepancyPage {
  /** differing point-intervals in the period */
  readonly total: number;
  readonly stored: number;
  readonly limit: number;
  readonly offset: number;
  readonly items: readonly Discrepancy[];
}

export interface SharingQuery {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly ean?: string;
  readonly source?: 'edc' | 'computed';
}

export interface SimulationTotals {
  readonly sharedKwh: number;
  readonly missedKwh: number;
}

export interface SimulationAnswer {
  readonly from: string;
  readonly to: string;
  readonly days: number;
  readonly registered: SimulationTotals;
  readonly simulated: SimulationTotals;
  readonly changeKwh: number;
  readonly members: readonly {
    readonly memberId: string;
    readonly name: string;
    readonly registeredSharedKwh: number;
    readonly simulatedSharedKwh: number;
    readonly changeKwh: number;
  }[];
}

export interface SharingGroup {
  readonly id: string;
  readonly name: string;
  readonly edcGroupId: string | null;
  /** the group asked EDC for iteration, as recorded for today */
  readonly iterationRequested: boolean;
}

export interface IterationPeriod {
  readonly validFrom: string;
  /** inclusive; null while open-ended */
  readonly validTo: string | null;
  readonly requested: boolean;
}

export interface SharingGroupIteration {
  readonly sharingGroupId: string;
  readonly today: string;
  readonly requested: boolean;
  readonly periods: readonly IterationPeriod[];
}
