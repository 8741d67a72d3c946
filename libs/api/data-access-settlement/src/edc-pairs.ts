import { dayRanges } from '@sdilna/shared/domain-core';
import type { PairSharing } from '@sdilna/shared/domain-settlement';
import { type SettlementWarning, settlementWarning } from '@sdilna/shared/domain-settlement';

/** One stored day of EDC's pair report, with the EANs resolved. */
export interface EdcPairDay {
  readonly producerEan: string;
  readonly consumerEan: string;
  readonly day: string;
  readonly values: Int32Array;
  readonly present: Uint8Array;
}

export interface EdcPairsOfPeriod {
  /** EDC's pair series over the period (0 on days the report does not cover) */
  readonly pairs: PairSharing[];
  /** per consumer EAN the days EDC's pair report covers */
  readonly covered: Map<string, Set<string>>;
  readonly warnings: SettlementWarning[];
}

/**
 * EDC's own split of a consumer's shared energy among its producers (the pair report), laid out over the
 * settlement period. A consumer's day is covered when the report has at least one of its pairs that day; on
 * such a day the pair figures are what is settled, and where they do not add up to EDC's per-EAN figure of the
 * standard export a warning names the consumer and the days (the pair report wins: it is EDC's split).
 */
export function edcPairsOfPeriod(input: {
  readonly intervalCount: number;
  readonly dayOffset: ReadonlyMap<string, number>;
  readonly rows: readonly EdcPairDay[];
  /** EDC's shared energy per interval of the period by consumer EAN (the standard export) */
  readonly billed: ReadonlyMap<string, ArrayLike<number>>;
}): EdcPairsOfPeriod {
  const series = new Map<string, PairSharing & { shared: Int32Array }>();
  const covered = new Map<string, Set<string>>();
  for (const row of input.rows) {
    const offset = input.dayOffset.get(row.day);
    if (offset === undefined) continue;
    const id = `${row.producerEan}>${row.consumerEan}`;
    let entry = series.get(id);
    if (entry === undefined) {
      entry = {
        producerEan: row.producerEan,
        consumerEan: row.consumerEan,
        shared: new Int32Array(input.intervalCount),
      };
      series.set(id, entry);
    }
    for (let i = 0; i < row.values.length; i++)
      if (row.present[i] === 1) entry.shared[offset + i] = row.values[i] as number;
    const days = covered.get(row.consumerEan) ?? new Set<string>();
    days.add(row.day);
    covered.set(row.consumerEan, days);
  }
  const warnings: SettlementWarning[] = [];
  for (const [consumerEan, days] of covered) {
    const billed = input.billed.get(consumerEan);
    const differing: string[] = [];
    for (const day of days) {
      const offset = input.dayOffset.get(day) as number;
      const next = nextOffset(input.dayOffset, day, input.intervalCount);
      let fromPairs = 0;
      let fromExport = 0;
      for (const entry of series.values()) {
        if (entry.consumerEan !== consumerEan) continue;
        for (let i = offset; i < next; i++) fromPairs += entry.shared[i] as number;
      }
      for (let i = offset; i < next; i++) fromExport += (billed?.[i] as number | undefined) ?? 0;
      if (fromPairs !== fromExport) differing.push(day);
    }
    if (differing.length > 0) {
      const days = dayRanges(differing);
      warnings.push(
        settlementWarning(
          'PAIRS_DIFFER',
          { consumer: consumerEan, days },
          `consumer ${consumerEan}: EDC's pair report and its standard export differ on ${days}; settled from the pair report`,
        ),
      );
    }
  }
  return { pairs: [...series.values()], covered, warnings };
}

function nextOffset(dayOffset: ReadonlyMap<string, number>, day: string, intervalCount: number): number {
  let next = intervalCount;
  const offset = dayOffset.get(day) as number;
  for (const other of dayOffset.values()) if (other > offset && other < next) next = other;
  return next;
}

/** Pair series of several sources as one series per pair (summed interval by interval), sorted by consumer, producer. */
export function mergePairs(
  intervalCount: number,
  ...lists: ReadonlyArray<readonly PairSharing[]>
): PairSharing[] {
  const merged = new Map<string, { producerEan: string; consumerEan: string; shared: Int32Array }>();
  for (const list of lists) {
    for (const pair of list) {
      const id = `${pair.producerEan}>${pair.consumerEan}`;
      const entry = merged.get(id);
      if (entry === undefined) {
        merged.set(id, {
          producerEan: pair.producerEan,
          consumerEan: pair.consumerEan,
          shared: Int32Array.from(pair.shared as ArrayLike<number>),
        });
      } else {
        for (let i = 0; i < intervalCount; i++)
          entry.shared[i] = (entry.shared[i] as number) + (pair.shared[i] as number);
      }
    }
  }
  return [...merged.values()]
    .filter((pair) => pair.shared.some((value) => value !== 0))
    .sort((a, b) => compare(a.consumerEan, b.consumerEan) || compare(a.producerEan, b.producerEan));
}

/**
 * The run's note on where each several-producer consumer's split comes from: EDC's pair report or the allocation
 * engine (EDC's per-EAN figure divided in proportion to the engine's pair results), with the days of each.
 */
export function pairSourceNotes(
  consumers: ReadonlyArray<{
    readonly name: string;
    readonly fromEdc: readonly string[];
    /** days of `fromEdc` whose pair report is EDC's daily (preliminary) calculation */
    readonly preliminary?: readonly string[];
    readonly byEngine: readonly string[];
  }>,
): SettlementWarning[] {
  const notes: SettlementWarning[] = [];
  for (const consumer of consumers) {
    const preliminary = consumer.preliminary ?? [];
    if (consumer.fromEdc.length > 0) {
      const days = dayRanges(consumer.fromEdc);
      const preliminaryDays = preliminary.length > 0 ? dayRanges(preliminary) : '';
      notes.push(
        settlementWarning(
          'PAIRS_FROM_EDC',
          { consumer: consumer.name, days, preliminaryDays },
          `consumer ${consumer.name}: pairs from EDC's pair report on ${days}` +
            (preliminaryDays !== '' ? ` (preliminary, daily calculation, on ${preliminaryDays})` : ''),
        ),
      );
    }
    if (consumer.byEngine.length > 0) {
      const days = dayRanges(consumer.byEngine);
      notes.push(
        settlementWarning(
          'PAIRS_BY_ENGINE',
          { consumer: consumer.name, days },
          `consumer ${consumer.name}: no EDC pair report on ${days}; EDC's figure split among its producers by the allocation engine`,
        ),
      );
    }
  }
  return notes;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
