import { dayRanges } from '@sdilna/shared/domain-core';
import { type SettlementWarning, settlementWarning } from '@sdilna/shared/domain-settlement';

/** One metering point's days of a settlement period whose EDC data are not final. */
export interface PointDataGaps {
  readonly ean: string;
  readonly label: string | null;
  /** days whose stored values come from EDC's daily (preliminary) calculation or whose OUT EDC has not evaluated */
  readonly preliminary: readonly string[];
  /** days on which the point is registered but EDC data are missing or incomplete (fewer intervals than the day has) */
  readonly missing: readonly string[];
}

/** How many points one warning names before it says "and N more". */
const POINTS_PER_WARNING = 20;

/**
 * The warnings a settlement draft carries about data that are not final (docs/settlement.md): one per kind and set
 * of days, naming the points (EAN and label) and the days as ranges, so the administrator sees at a glance that
 * "3 points have preliminary values on 1–5 June" and can wait for EDC's monthly calculation before approving.
 */
export function dataGapWarnings(points: readonly PointDataGaps[]): SettlementWarning[] {
  const warnings: SettlementWarning[] = [];
  for (const [kind, code, text] of [
    ['preliminary', 'DATA_PRELIMINARY', 'EDC values are preliminary (daily calculation, not yet final)'],
    ['missing', 'DATA_MISSING', 'EDC data are missing or incomplete'],
  ] as const) {
    const byRanges = new Map<string, string[]>();
    for (const point of points) {
      const days = point[kind];
      if (days.length === 0) continue;
      const ranges = dayRanges(days);
      byRanges.set(ranges, [...(byRanges.get(ranges) ?? []), nameOf(point)]);
    }
    for (const [ranges, names] of byRanges) {
      const shown = names.slice(0, POINTS_PER_WARNING).join(', ');
      const more = names.length > POINTS_PER_WARNING ? ` and ${names.length - POINTS_PER_WARNING} more` : '';
      warnings.push(
        settlementWarning(
          code,
          {
            days: ranges,
            points: shown,
            count: names.length,
            more: Math.max(0, names.length - POINTS_PER_WARNING),
          },
          `${text} on ${ranges} for ${names.length === 1 ? 'point' : `${names.length} points`} ${shown}${more}`,
        ),
      );
    }
  }
  return warnings;
}

function nameOf(point: PointDataGaps): string {
  return point.label === null ? point.ean : `${point.ean} (${point.label})`;
}
