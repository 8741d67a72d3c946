import type { KwhHundredths, LocalDate, MemberKind } from '@sdilna/shared/domain-core';

import type { DatedPrice } from './dated-price';
import type { CommunityPriceList } from './price-list';
import type { VatStatus } from './vat-status';

/** Member kinds are domain-core's words; settlement's input names them as its own. */
export type { MemberKind } from '@sdilna/shared/domain-core';

export interface SettlementMember {
  readonly id: string;
  readonly name: string;
  readonly kind: MemberKind;
  /** for a `municipal-unit`: the id of its municipality (also a member) */
  readonly parentMemberId?: string;
  /** the member's VAT status on the period's DUZP (the caller resolves the dated registry rows on it) */
  readonly vatStatus: VatStatus;
  readonly meteringPoints: readonly { readonly ean: string; readonly role: 'production' | 'consumption' }[];
  /** net energy (commodity) price of the member's own supplier, for savings */
  readonly supplierPrices?: readonly DatedPrice[];
  /** net price the member's trader pays for exported energy, for the producer's gain */
  readonly feedInPrices?: readonly DatedPrice[];
}

/** Shared energy of one producer→consumer pair, per interval, in 0.01 kWh. */
export interface PairSharing {
  readonly producerEan: string;
  readonly consumerEan: string;
  /** one value per interval of the series; typed arrays welcome */
  readonly shared: ArrayLike<KwhHundredths>;
}

/** Contiguous 15-minute intervals from `startUtcMs` (UTC, so DST days need no special case). */
export interface SharingSeries {
  readonly startUtcMs: number;
  readonly intervalCount: number;
  readonly pairs: readonly PairSharing[];
}

/**
 * - `community-clearing`: the community (a legal entity) sells to consumers and buys from producers; it may keep a
 *   margin. Consumers get invoices from the community, producers are paid through self-billed documents.
 * - `direct`: every producer invoices its consumers itself (active-customer groups have no legal entity).
 * In both modes energy between a municipality and its own units is settled by internal recharges.
 */
export type SettlementMode = 'community-clearing' | 'direct';

export interface SettlementInput {
  /** Prague calendar days, both inclusive; the sharing series must cover exactly these days */
  readonly period: { readonly from: LocalDate; readonly to: LocalDate };
  readonly mode: SettlementMode;
  /** the community as a trading party (used in `community-clearing`), its VAT status on the period's DUZP */
  readonly community: { readonly vatStatus: VatStatus };
  readonly members: readonly SettlementMember[];
  readonly priceLists: readonly CommunityPriceList[];
  readonly sharing: SharingSeries;
}
