/**
 * Series codes of the `readings` table. Values are energy in 0.01 kWh as positive quantities: export of a
 * production point, import of a consumption point. EDC's own OUT is derivable (IN − shared for production,
 * IN + shared for consumption with EDC signs), so storing "shared" loses nothing and keeps day totals additive.
 */
export const SERIES = {
  /** EDC `IN` (measured) */
  measured: 1,
  /** EDC's sharing: |IN − OUT|; absent where EDC left OUT empty (not yet evaluated) */
  edcShared: 2,
  /** our engine's sharing with the registered key version, written by the recompute job */
  computedShared: 3,
} as const;

export type SeriesCode = (typeof SERIES)[keyof typeof SERIES];

/** Source codes of `sharing_group_days`. */
export const GROUP_SOURCE = { edc: 1, computed: 2 } as const;

export type SharingSource = keyof typeof GROUP_SOURCE;
