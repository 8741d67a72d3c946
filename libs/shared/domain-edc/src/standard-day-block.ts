import type { LocalDate } from '@sdilna/shared/domain-core';
import { pragueDay } from '@sdilna/shared/domain-core';
import { INTERVAL_MS } from '@sdilna/shared/domain-core';

/**
 * One Prague day of a standard export. Column-major per point: point p, interval i at `p * intervalCount + i`
 * (use {@link pointColumn} for one point's series). Values are 0.01 kWh with EDC signs: production IN/OUT ≥ 0,
 * consumption IN/OUT ≤ 0. Presence 0 means an empty cell: no data, or (OUT only) not yet evaluated.
 */
export interface EdcDayBlock {
  readonly date: LocalDate;
  readonly intervalCount: number;
  readonly startUtcMs: Float64Array;
  /** file line of each interval (0 for blocks built in memory or for rows missing in a collected-errors read) */
  readonly lineOfInterval: Int32Array;
  /** 1 where a cell of the row could not be read (only when errors are collected) */
  readonly damaged: Uint8Array;
  readonly pointCount: number;
  readonly inValues: Int32Array;
  readonly outValues: Int32Array;
  readonly inPresent: Uint8Array;
  readonly outPresent: Uint8Array;
}

/** An empty day (every cell absent), for writers and generators that fill values themselves. */
export function createEdcDayBlock(date: LocalDate, pointCount: number): EdcDayBlock {
  const day = pragueDay(date);
  const intervalCount = day.intervalCount;
  const startUtcMs = new Float64Array(intervalCount);
  for (let i = 0; i < intervalCount; i++) startUtcMs[i] = day.startUtcMs + i * INTERVAL_MS;
  const size = pointCount * intervalCount;
  return {
    date,
    intervalCount,
    startUtcMs,
    lineOfInterval: new Int32Array(intervalCount),
    damaged: new Uint8Array(intervalCount),
    pointCount,
    inValues: new Int32Array(size),
    outValues: new Int32Array(size),
    inPresent: new Uint8Array(size),
    outPresent: new Uint8Array(size),
  };
}

/** One point's series within the day (views, not copies). */
export function pointColumn(
  block: EdcDayBlock,
  point: number,
): { inValues: Int32Array; outValues: Int32Array; inPresent: Uint8Array; outPresent: Uint8Array } {
  const from = point * block.intervalCount;
  const to = from + block.intervalCount;
  return {
    inValues: block.inValues.subarray(from, to),
    outValues: block.outValues.subarray(from, to),
    inPresent: block.inPresent.subarray(from, to),
    outPresent: block.outPresent.subarray(from, to),
  };
}
