import type { MoneyText } from './settlements';

/**
 * Which way a recharge goes between a municipality and one of its units (domain.md §6): the municipality
 * re-invoices shared energy to a consuming unit (`to-unit`, the unit pays), or pays a producing unit for energy it
 * supplied (`from-unit`, the municipality pays).
 */
export const RECHARGE_DIRECTIONS = ['to-unit', 'from-unit'] as const;
export type RechargeDirection = (typeof RECHARGE_DIRECTIONS)[number];

/** The export formats of GET .../municipalities/:memberId/recharges.{csv,xlsx}. */
export const RECHARGE_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type RechargeExportFormat = (typeof RECHARGE_EXPORT_FORMATS)[number];

/** Energy and money of a set of document lines: energy in kWh (JSON number), money as 2-decimal strings. */
export interface RechargeAmounts {
  readonly energyKwh: number;
  readonly net: MoneyText;
  readonly vat: MoneyText;
  readonly gross: MoneyText;
  readonly currency: 'CZK';
}

/** One issued document behind a summary row: an internal recharge or a corrective document cancelling one. */
export interface RechargeDocumentResponse extends RechargeAmounts {
  readonly id: string;
  readonly number: string;
  readonly kind: 'internal-recharge' | 'corrective';
  readonly issueDate: string;
  readonly periodFrom: string;
  readonly periodTo: string;
}

/** The recharges between the municipality and one unit in one month and direction. */
export interface RechargeUnitRowResponse extends RechargeAmounts {
  readonly unitId: string;
  /** the unit's name as the newest of its documents states it */
  readonly unitName: string;
  readonly unitIco?: string;
  readonly direction: RechargeDirection;
  readonly documents: readonly RechargeDocumentResponse[];
}

export interface RechargeMonthResponse extends RechargeAmounts {
  /** YYYY-MM of the documents' supply period */
  readonly month: string;
  readonly rows: readonly RechargeUnitRowResponse[];
}

/**
 * GET /api/communities/:id/municipalities/:memberId/recharges?from=YYYY-MM&to=YYYY-MM: the municipality's
 * internal recharges per month and unit. Every figure is a sum of the issued documents' lines, so each row, month
 * and the total equal the sum of the documents behind them to the haléř.
 */
export interface RechargeSummaryResponse {
  readonly municipality: { readonly id: string; readonly name: string };
  readonly from: string;
  readonly to: string;
  /** months with at least one document, oldest first */
  readonly months: readonly RechargeMonthResponse[];
  readonly totals: RechargeAmounts;
}
