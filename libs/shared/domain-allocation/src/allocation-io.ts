// The engine's input and output, apart from allocate.ts: the steps it calls (star rounds, potential sharing,
// analytics) name these shapes without importing the engine back (a cycle, even if type-only).

/**
 * Measured values of a block of intervals, column-major: producer d, interval i at `production[d·count + i]`
 * (export, ≥ 0); consumer o at `demand[o·count + i]` (import as a positive number). Columns follow the compiled
 * key's `producers` and `consumers`. Column-major matches the EDC reader's day blocks and keeps one EAN's series
 * contiguous; a day block (≤ 100 intervals) stays in cache while the engine walks it interval by interval.
 */
export interface AllocationInput {
  readonly intervalCount: number;
  readonly production: Int32Array;
  readonly demand: Int32Array;
}

/** Shared energy in the same layout as the input; `pairShared[q·count + i]` for the key's pairs when asked for. */
export interface AllocationResult {
  readonly intervalCount: number;
  readonly producerShared: Int32Array;
  readonly consumerShared: Int32Array;
  readonly pairShared: Int32Array | undefined;
}
