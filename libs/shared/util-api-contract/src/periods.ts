/**
 * Periods and the freshness of computed figures (issue 17, items 1 and 2). Every dated row (price list, point
 * price, point in a group with its member, key version, a group's request for iteration) ends with
 * `ClosePeriodRequest`; a change that would alter a month with final documents answers 409
 * `PERIOD_HAS_FINAL_DOCUMENTS` with `PeriodConflictDetails`.
 */

/** Ends (or moves the end of) a period: `validTo` inclusive, null to make it open-ended again. */
export interface ClosePeriodRequest {
  readonly validTo: string | null;
  /**
   * change a month with final documents anyway: its settlement then shows `revised` and a correction run re-bills
   * the difference; without it such a change answers 409 PERIOD_HAS_FINAL_DOCUMENTS
   */
  readonly asCorrection?: boolean;
}

/** `details` of 409 PERIOD_HAS_FINAL_DOCUMENTS. */
export interface PeriodConflictDetails {
  readonly months: readonly string[];
  readonly documents: ReadonlyArray<{
    readonly id: string;
    readonly number: string;
    readonly runId: string;
    readonly period: string;
  }>;
}

/** A point's next period from `validFrom`: the current one ends the day before. Omitted fields stay. */
export interface PointSuccessorRequest {
  readonly validFrom: string;
  readonly memberId?: string;
  readonly sharingGroupId?: string;
  readonly label?: string;
}

export const SHARING_FRESHNESS = ['current', 'stale', 'recomputing'] as const;
export type SharingFreshness = (typeof SHARING_FRESHNESS)[number];

export interface StaleMonthResponse {
  /** `YYYY-MM` */
  readonly month: string;
  readonly state: Exclude<SharingFreshness, 'current'>;
  /** the month's days the changes touched (inclusive); the recompute covers exactly these */
  readonly fromDay: string;
  readonly toDay: string;
  /** what changed, e.g. `allocation key 2026-05-01..2026-05-31`, `import of export.csv` */
  readonly reasons: readonly string[];
  readonly markedAt: string;
  readonly recomputingSince: string | null;
}

/**
 * `GET /communities/:id/sharing/status`: `current` when no month waits for a recompute; otherwise `stale`
 * (marked, not yet started) or `recomputing`, with the months. Figures of those months are of superseded
 * inputs until the state is `current` again.
 */
export interface SharingStatusResponse {
  readonly state: SharingFreshness;
  readonly staleMonths: readonly string[];
  readonly recomputingMonths: readonly string[];
  readonly months: readonly StaleMonthResponse[];
}
