import { pragueDay, pragueWallClock, type LocalDate } from '@sdilna/shared/domain-core';
import { isPublicHoliday, isSchoolHoliday } from './czech-holidays';
import { randomFor } from './seeded-random';

/** What a profile needs to know about a day; computed once per day, shared by all points. */
export interface DayContext {
  readonly date: LocalDate;
  readonly dayOfYear: number;
  /** 0 = Sunday */
  readonly weekday: number;
  readonly month: number;
  /** a working day: Monday–Friday and not a public holiday */
  readonly workday: boolean;
  readonly schoolDay: boolean;
  /** 0..1, one sky for the whole region on that day */
  readonly sunshine: number;
}

/** Average share of clear sky per month in South Bohemia, roughly; also the PV normalisation's expectation. */
export const MEAN_SUNSHINE_BY_MONTH = [0.35, 0.45, 0.55, 0.62, 0.68, 0.7, 0.72, 0.7, 0.62, 0.5, 0.35, 0.3];

export function dayContext(date: LocalDate, seed: number): DayContext {
  const { startUtcMs } = pragueDay(date);
  const clock = pragueWallClock(startUtcMs);
  const dayOfYear =
    Math.round(
      (Date.UTC(Number(date.slice(0, 4)), clock.month - 1, Number(date.slice(8, 10))) -
        Date.UTC(Number(date.slice(0, 4)), 0, 1)) /
        86_400_000,
    ) + 1;
  const holiday = isPublicHoliday(date);
  const workday = clock.weekday >= 1 && clock.weekday <= 5 && !holiday;
  const mean = MEAN_SUNSHINE_BY_MONTH[clock.month - 1] as number;
  const random = randomFor(seed, 7919, dayOfYear, Number(date.slice(0, 4)));
  const sunshine = Math.min(1, Math.max(0.05, mean + (random() - 0.5) * 0.9));
  return {
    date,
    dayOfYear,
    weekday: clock.weekday,
    month: clock.month,
    workday,
    schoolDay: workday && !isSchoolHoliday(date),
    sunshine,
  };
}
