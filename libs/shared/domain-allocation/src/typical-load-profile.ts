import {
  type ApplicantKind,
  type KwhHundredths,
  type LocalDate,
  parseLocalDate,
  pragueDayIntervals,
  pragueWallClock,
} from '@sdilna/shared/domain-core';

export { APPLICANT_KINDS, type ApplicantKind } from '@sdilna/shared/domain-core';

/**
 * Typical 15-minute load profiles, one per applicant kind. They are SYNTHETIC: OTE's official TDD (typové
 * diagramy dodávky, classes 1–8, normalised yearly per hour and corrected by temperature) are published on
 * ote-cr.cz per year and are not available offline here. The shapes follow the TDD classes they stand for, in
 * integer weights: an hour-of-day shape for working days and for weekends, times a month factor (winter above
 * summer). What the estimate needs from them is where in a day and a year a member draws, which decides how much
 * of the community's production it can take; the yearly total is the applicant's own figure.
 *
 * - household ≈ TDD 4 (domácnost bez tepelného využití): morning and evening peaks, higher at weekends by day.
 * - housing-association ≈ TDD 4 with the common parts of a block (lifts, lighting, pumps): a flatter day.
 * - sme ≈ TDD 1 (podnikatelský maloodběr bez tepelného využití): working hours on working days.
 * - municipality ≈ TDD 1 with public buildings and street lighting at night.
 */
interface ProfileShape {
  /** 24 weights, hour of the Prague day 0..23, on Monday to Friday */
  readonly workday: readonly number[];
  /** 24 weights on Saturday and Sunday */
  readonly weekend: readonly number[];
  /** 12 weights, January..December */
  readonly month: readonly number[];
}

const HOUSEHOLD_MONTHS = [135, 125, 112, 98, 88, 80, 78, 80, 90, 105, 122, 137];
const BUSINESS_MONTHS = [118, 114, 106, 98, 92, 88, 86, 88, 95, 103, 112, 120];

export const TYPICAL_PROFILES: Readonly<Record<ApplicantKind, ProfileShape>> = {
  household: {
    workday: [
      30, 25, 22, 21, 21, 26, 48, 70, 55, 40, 36, 38, 44, 40, 36, 38, 48, 70, 92, 100, 95, 80, 60, 40,
    ],
    weekend: [
      34, 28, 24, 22, 22, 24, 30, 45, 62, 70, 68, 70, 74, 66, 56, 52, 58, 76, 94, 100, 95, 82, 64, 44,
    ],
    month: HOUSEHOLD_MONTHS,
  },
  'housing-association': {
    workday: [40, 36, 34, 33, 33, 38, 56, 72, 62, 52, 50, 52, 56, 53, 50, 52, 60, 76, 90, 96, 92, 82, 66, 50],
    weekend: [44, 38, 35, 34, 34, 36, 42, 54, 66, 72, 72, 74, 76, 70, 64, 62, 66, 80, 92, 96, 92, 84, 70, 54],
    month: HOUSEHOLD_MONTHS,
  },
  sme: {
    workday: [
      20, 20, 20, 20, 20, 24, 40, 72, 92, 100, 100, 98, 90, 96, 98, 92, 78, 55, 38, 30, 26, 24, 22, 20,
    ],
    weekend: [20, 20, 20, 20, 20, 20, 20, 22, 24, 26, 26, 26, 26, 26, 24, 24, 22, 22, 22, 22, 22, 21, 20, 20],
    month: BUSINESS_MONTHS,
  },
  municipality: {
    workday: [
      45, 45, 45, 45, 45, 42, 50, 78, 95, 100, 100, 96, 88, 92, 90, 80, 62, 50, 52, 55, 55, 52, 48, 45,
    ],
    weekend: [45, 45, 45, 45, 45, 40, 30, 28, 30, 34, 36, 36, 34, 32, 30, 30, 30, 38, 48, 52, 52, 50, 48, 45],
    month: BUSINESS_MONTHS,
  },
};

/** The integer weight of each 15-minute interval of a Prague day in a profile (the hour's weight × the month's). */
export function profileWeights(kind: ApplicantKind, day: LocalDate): Int32Array {
  const shape = TYPICAL_PROFILES[kind];
  const intervals = pragueDayIntervals(day);
  const weights = new Int32Array(intervals.length);
  const monthWeight = shape.month[parseLocalDate(day).month - 1] as number;
  intervals.forEach((interval, index) => {
    const wall = pragueWallClock(interval.startUtcMs);
    const hours = wall.weekday === 0 || wall.weekday === 6 ? shape.weekend : shape.workday;
    weights[index] = (hours[wall.hour] as number) * monthWeight;
  });
  return weights;
}

/**
 * A consumption over days following a profile: each group of days (a year, or each month of a monthly upload)
 * gets its total spread over its intervals in proportion to the weights, rounded down to 0.01 kWh per interval
 * and the rest given out one hundredth at a time to the intervals with the largest remainders, so the days add
 * up to the total exactly. Returns the demand per day, in `days` order.
 */
export function scaleProfile(
  kind: ApplicantKind,
  days: readonly LocalDate[],
  total: KwhHundredths,
): Map<LocalDate, Int32Array> {
  const weights = days.map((day) => profileWeights(kind, day));
  const sum = weights.reduce((acc, day) => acc + day.reduce((s, w) => s + w, 0), 0);
  const demand = new Map<LocalDate, Int32Array>();
  if (sum === 0 || total <= 0) {
    days.forEach((day, index) => demand.set(day, new Int32Array((weights[index] as Int32Array).length)));
    return demand;
  }
  const remainders: Array<{ day: number; interval: number; remainder: number }> = [];
  let given = 0;
  days.forEach((day, d) => {
    const dayWeights = weights[d] as Int32Array;
    const values = new Int32Array(dayWeights.length);
    dayWeights.forEach((weight, i) => {
      // total ≤ 10^11 hundredths (1 TWh) and weights ≤ 10^4 per interval: the product stays exact in a double.
      const exact = total * weight;
      const value = Math.floor(exact / sum);
      values[i] = value;
      given += value;
      remainders.push({ day: d, interval: i, remainder: exact - value * sum });
    });
    demand.set(day, values);
  });
  remainders.sort((a, b) => b.remainder - a.remainder || a.day - b.day || a.interval - b.interval);
  for (let k = 0; k < total - given; k++) {
    const slot = remainders[k] as { day: number; interval: number };
    const values = demand.get(days[slot.day] as LocalDate) as Int32Array;
    values[slot.interval] = (values[slot.interval] as number) + 1;
  }
  return demand;
}
