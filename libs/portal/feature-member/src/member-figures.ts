import type { MeteringPoint, SharingAnswer } from '@sdilna/portal/data-access-community';
import { kwhFromJsonNumber, pragueDateOf } from '@sdilna/shared/domain-core';

/** Sums of a member's consumption points in 0.01 kWh: the API's figures added exactly, never re-computed. */
export interface MemberSeries {
  /** one label per sample (Prague date or month, or time of day) */
  readonly keys: readonly string[];
  readonly measured: readonly number[];
  readonly shared: readonly number[];
}

export interface MemberTotals {
  readonly measured: number;
  readonly shared: number;
}

/** Consumption EANs of the member: what it receives. Production EANs are reported separately. */
export function consumptionEans(points: readonly MeteringPoint[], memberId: string): Set<string> {
  return new Set(points.filter((p) => p.memberId === memberId && p.role === 'consumption').map((p) => p.ean));
}

export function productionEans(points: readonly MeteringPoint[], memberId: string): Set<string> {
  return new Set(points.filter((p) => p.memberId === memberId && p.role === 'production').map((p) => p.ean));
}

/** Series summed over `eans`, keyed by `keyOf(start)` (e.g. the Prague month `YYYY-MM`). */
export function sumSeries(
  answer: SharingAnswer | undefined,
  eans: ReadonlySet<string>,
  keyOf: (startIso: string) => string,
): MemberSeries {
  const measured = new Map<string, number>();
  const shared = new Map<string, number>();
  for (const point of answer?.points ?? []) {
    if (!eans.has(point.ean)) continue;
    for (const sample of point.series) {
      const key = keyOf(sample.start);
      // null = no data (or not evaluated by EDC yet): counts as nothing, never as a guess. The API gives
      // measured and shared energy as positive amounts (EDC's signs are turned once, in domain-edc's edc-signs).
      measured.set(key, (measured.get(key) ?? 0) + kwhFromJsonNumber(sample.measuredKwh ?? 0));
      shared.set(key, (shared.get(key) ?? 0) + kwhFromJsonNumber(sample.sharedKwh ?? 0));
    }
  }
  const keys = [...measured.keys()].sort();
  return {
    keys,
    measured: keys.map((k) => measured.get(k) ?? 0),
    shared: keys.map((k) => shared.get(k) ?? 0),
  };
}

export function totalsOf(series: MemberSeries, key?: string): MemberTotals {
  let measured = 0;
  let shared = 0;
  series.keys.forEach((k, i) => {
    if (key !== undefined && k !== key) return;
    measured += series.measured[i] ?? 0;
    shared += series.shared[i] ?? 0;
  });
  return { measured, shared };
}

/** Share of consumption covered by shared energy, in basis points (integer division, rounded down). */
export function selfSufficiencyBasisPoints(totals: MemberTotals): number | undefined {
  if (totals.measured === 0) return undefined;
  return Math.floor((totals.shared * 10_000) / totals.measured);
}

/** The Prague month of a sample start: `YYYY-MM` as the API gives it for months, else derived. */
export function pragueMonthOf(start: string): string {
  if (/^\d{4}-\d{2}$/.test(start)) return start;
  if (/^\d{4}-\d{2}-\d{2}$/.test(start)) return start.slice(0, 7);
  return pragueDateOf(Date.parse(start)).slice(0, 7);
}
