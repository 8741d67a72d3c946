import type { LocalDate } from '@sdilna/shared/domain-core';

/**
 * One Prague day of an EDC table. Values are integers of 0.01 kWh, column-major: slot s, interval i at
 * `values[s * intervalCount + i]`, so one column is a contiguous `subarray`. `present` is 0 for an empty cell
 * (no data), which is not the same as a measured 0.
 */
export interface EdcRawDayBlock {
  readonly date: LocalDate;
  /** 92, 96 or 100 */
  readonly intervalCount: number;
  readonly startUtcMs: Float64Array;
  /** file line of each interval's row; 0 where the row was missing (only when errors are collected) */
  readonly lineOfInterval: Int32Array;
  /** 1 where a cell of the row could not be read (only when errors are collected); its checks are skipped */
  readonly damaged: Uint8Array;
  readonly slotCount: number;
  readonly values: Int32Array;
  readonly present: Uint8Array;
  /** 1 where the cell said `NaN` (EDC's own "no value"): absent like an empty cell, and reported once per column */
  readonly nan: Uint8Array;
}

export function slotValues(block: EdcRawDayBlock, slot: number): Int32Array {
  return block.values.subarray(slot * block.intervalCount, (slot + 1) * block.intervalCount);
}

export function slotPresence(block: EdcRawDayBlock, slot: number): Uint8Array {
  return block.present.subarray(slot * block.intervalCount, (slot + 1) * block.intervalCount);
}
