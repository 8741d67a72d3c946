import type { KeyFile } from '@sdilna/shared/domain-allocation/keys';

import type { CompletenessState, Granularity, PointRole, SharingSource } from './vocabulary';

/** Energy travels as a JSON number of kWh with at most 2 decimals (see `kwhToJson`). */
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

/** GET .../sharing */
export interface SharingResponse {
  readonly from?: string;
  readonly to?: string;
  readonly points: readonly SharingOfPoint[];
  /** group totals; administrators only (empty for members) */
  readonly groups?: readonly GroupSharing[];
}

/** GET .../sharing/groups (administrators): the `groups` of GET .../sharing without the points. */
export interface GroupsResponse {
  readonly from: string;
  readonly to: string;
  readonly source: SharingSource;
  readonly groups: readonly GroupSharing[];
}

/** The query of GET .../sharing. */
export interface SharingQuery {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly ean?: string;
  readonly source?: SharingSource;
}

export interface CompletenessResponse {
  readonly month: string;
  readonly points: readonly {
    readonly ean: string;
    readonly role: PointRole;
    readonly label: string | null;
    readonly days: readonly { readonly date: string; readonly status: CompletenessState }[];
  }[];
  readonly counts: Readonly<Record<CompletenessState, number>>;
}

export interface DiscrepancyResponse {
  readonly ean: string;
  readonly role: PointRole;
  readonly start: string;
  readonly date: string;
  readonly edcSharedKwh: number;
  readonly computedSharedKwh: number;
  readonly differenceKwh: number;
}

export interface DiscrepancyPageResponse {
  /** differing point-intervals in the period */
  readonly total: number;
  readonly stored: number;
  readonly limit: number;
  readonly offset: number;
  readonly items: readonly DiscrepancyResponse[];
}

export interface SimulationTotals {
  readonly sharedKwh: number;
  readonly missedKwh: number;
  /** shared energy at the community's internal price (net), priced as a settlement prices it; null when unknown */
  readonly valueCzk: string | null;
  /** Σ of the members' savings against their supplier prices (net); null when a price is unknown */
  readonly savingCzk: string | null;
}

export interface SimulationRequest {
  readonly from: string;
  readonly to: string;
  readonly key: KeyFile;
}

export interface SimulationResponse {
  readonly from: string;
  readonly to: string;
  readonly days: number;
  readonly registered: SimulationTotals;
  readonly simulated: SimulationTotals;
  readonly changeKwh: number;
  /** simulated − registered value at the internal price; null when unknown */
  readonly changeCzk: string | null;
  /** why Kč are null: settlement's code and message (e.g. NO_PRICE_LIST) */
  readonly moneyUnknown: { readonly code: string; readonly message: string } | null;
  readonly members: readonly {
    readonly memberId: string;
    readonly name: string;
    readonly registeredSharedKwh: number;
    readonly simulatedSharedKwh: number;
    readonly changeKwh: number;
    /** value of what the member's consumption points received, at the internal price (net) */
    readonly registeredValueCzk: string | null;
    readonly simulatedValueCzk: string | null;
    readonly changeCzk: string | null;
    /** the member's saving against its supplier price (net); null where that price is unknown */
    readonly registeredSavingCzk: string | null;
    readonly simulatedSavingCzk: string | null;
    readonly savingChangeCzk: string | null;
  }[];
}
