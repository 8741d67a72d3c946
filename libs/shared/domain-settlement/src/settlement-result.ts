import type { KwhHundredths, LocalDate } from '@sdilna/shared/domain-core';
import type { SettlementWarning } from './settlement-warning';

import type { Halere } from './money';
import type { PricePerMwh } from './price';
import type { SettlementMode } from './settlement-input';
import type { VatRateBasisPoints } from './vat';

/** Seller or buyer id that stands for the community itself (in `community-clearing`). */
export const COMMUNITY_PARTY_ID = 'community';

/** How the money of a line travels: through the community, straight between members, or inside a municipality. */
export type SettlementChannel = 'community' | 'direct' | 'internal';

/**
 * One priced line: `sellerId` supplied `energy` to `buyerId` at `unitPrice`. It is exactly one line of one
 * document, and its amount is rounded once, here.
 */
export interface SettlementLine {
  /** deterministic key, stable across re-runs of the same input */
  readonly id: string;
  readonly channel: SettlementChannel;
  /** member id or COMMUNITY_PARTY_ID */
  readonly sellerId: string;
  readonly buyerId: string;
  /**
   * who issues and numbers the document for this line: the seller, the community for self-billing of
   * producers, the municipality for internal recharges in both directions
   */
  readonly issuerId: string;
  /** the member whose consumption this line bills, when it bills one */
  readonly consumerMemberId?: string;
  /** the member whose production this line pays for, when it pays one */
  readonly producerMemberId?: string;
  readonly priceListId: string;
  readonly bandId: string;
  readonly bandLabel: string;
  readonly energy: KwhHundredths;
  /** net price per MWh in haléře */
  readonly unitPrice: PricePerMwh;
  readonly net: Halere;
  readonly sellerVatPayer: boolean;
  /** 0 when the seller is not a VAT payer */
  readonly vatRate: VatRateBasisPoints;
  readonly vat: Halere;
  readonly gross: Halere;
  /** EANs whose energy the line covers (consumption points, production points or both) */
  readonly meteringPoints: readonly string[];
}

export interface AmountTotals {
  readonly net: Halere;
  readonly vat: Halere;
  readonly gross: Halere;
}

export interface MemberSettlement {
  readonly memberId: string;
  /** shared energy that reached the member's consumption points from other members */
  readonly receivedEnergy: KwhHundredths;
  /** shared energy from the member's production points to other members */
  readonly suppliedEnergy: KwhHundredths;
  /** energy shared between the member's own points (no money changes hands) */
  readonly ownSharedEnergy: KwhHundredths;
  /** lines where the member is the buyer */
  readonly purchases: AmountTotals;
  /** lines where the member is the seller */
  readonly sales: AmountTotals;
  /**
   * Σ shared × (supplier price − internal price), net of VAT, rounded once per member; undefined when the
   * supplier price is unknown on a day with received energy.
   */
  readonly consumerSaving?: Halere;
  /** Σ shared × (price received − feed-in price), net of VAT; undefined when a feed-in price is missing */
  readonly producerGain?: Halere;
}

export interface SettlementTotals {
  readonly sharedEnergy: KwhHundredths;
  /** net of every line that bills a consumer */
  readonly consumersPayNet: Halere;
  /** net of every line that pays a producer */
  readonly producersReceiveNet: Halere;
  /**
   * consumersPayNet − producersReceiveNet: the community's margin plus the rounding of lines that aggregate
   * differently on the two sides (a consumer line sums several producers). Exact by construction.
   */
  readonly communityMarginNet: Halere;
  /** VAT the community charges on its invoices to consumers (0 unless it is a payer) */
  readonly communityOutputVat: Halere;
  /** VAT the producers' self-billed invoices charge the community */
  readonly communityInputVat: Halere;
  /**
   * The part of `communityInputVat` the community cannot deduct because it is not a VAT payer (a non-payer or an
   * identified person): a cost of the community, not a pass-through.
   */
  readonly communityNonDeductibleVat: Halere;
  /**
   * What the community keeps: `communityMarginNet − communityNonDeductibleVat`. With the VAT it owes the tax
   * office (`communityOutputVat − (communityInputVat − communityNonDeductibleVat)`) it is exactly what consumers
   * pay the community gross minus what it pays producers gross.
   */
  readonly communityResultNet: Halere;
}

export interface SettlementResult {
  readonly period: { readonly from: LocalDate; readonly to: LocalDate };
  readonly mode: SettlementMode;
  readonly lines: readonly SettlementLine[];
  readonly members: readonly MemberSettlement[];
  readonly totals: SettlementTotals;
  /** non-fatal findings, e.g. a missing supplier price (savings then stay undefined) */
  readonly warnings: readonly SettlementWarning[];
}
