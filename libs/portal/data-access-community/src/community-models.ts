import type { CommunityType } from '@sdilna/portal/data-access-auth';
import type { KeyFile } from '@sdilna/shared/domain-allocation';

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
  readonly start: string;
  readonly measuredKwh: number;
  readonly sharedKwh: number;
  readonly residualKwh: number;
}

export interface SharingTotals {
  readonly measuredKwh: number;
  readonly sharedKwh: number;
  readonly residualKwh: number;
  readonly missedKwh?: number;
  /** money the API may report (savings against the supplier price), as a 2-decimal string */
  readonly savings?: string;
  readonly currency?: string;
}

export interface SharingOfPoint {
  readonly ean: string;
  readonly role: PointRole;
  readonly series: readonly SharingSample[];
  readonly totals: SharingTotals;
}

export interface SharingAnswer {
  readonly points: readonly SharingOfPoint[];
  readonly totals?: Partial<SharingTotals> & Readonly<Record<string, unknown>>;
}

export interface SharingQuery {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly ean?: string;
  readonly source?: 'edc' | 'computed';
}

export interface SimulationAnswer {
  readonly points?: readonly unknown[];
  readonly totals?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}
