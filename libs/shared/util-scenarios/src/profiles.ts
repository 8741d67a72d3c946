import type { DayContext } from './day-context';

/**
 * Relative power shapes (unitless, ≥ 0) for 15-minute synthetic series: PV by sun elevation and season, CHP led
 * by heat demand, building loads by opening hours, weekdays and holidays. Series are scaled to annual totals by
 * dividing by the shape's own annual sum.
 */
export type GenerationKind = 'pv' | 'chp';
export type LoadKind =
  'office' | 'school' | 'kindergarten' | 'sports-hall' | 'wastewater' | 'church' | 'household' | 'shop';
export type ProfileKind = GenerationKind | LoadKind;

const LATITUDE = (49.2 * Math.PI) / 180;
const LONGITUDE_HOURS = 14.5 / 15;

/** Clear-sky PV shape from the sun's elevation at an instant (hour of day in UTC, fractional). */
export function pvShape(dayOfYear: number, utcHour: number): number {
  const declination = ((23.44 * Math.PI) / 180) * Math.sin((2 * Math.PI * (284 + dayOfYear)) / 365);
  const hourAngle = ((utcHour + LONGITUDE_HOURS - 12) * 15 * Math.PI) / 180;
  const sinElevation =
    Math.sin(LATITUDE) * Math.sin(declination) +
    Math.cos(LATITUDE) * Math.cos(declination) * Math.cos(hourAngle);
  return sinElevation > 0 ? Math.pow(sinElevation, 1.3) : 0;
}

const CHP_BY_MONTH = [1, 0.9, 0.7, 0.4, 0, 0, 0, 0, 0, 0.5, 0.8, 1];
const WINTER_FACTOR = [1.3, 1.25, 1.1, 1, 0.9, 0.85, 0.85, 0.85, 0.9, 1, 1.15, 1.3];

/**
 * Noise-free shape at a local hour (wall clock, fractional). `sunshine` scales PV; the profile normaliser passes
 * the month's expectation, the generator the day's drawn sky.
 */
export function profileShape(
  kind: ProfileKind,
  day: DayContext,
  localHour: number,
  utcHour: number,
  sunshine: number,
): number {
  const winter = WINTER_FACTOR[day.month - 1] as number;
  const between = (from: number, to: number) => localHour >= from && localHour < to;
  switch (kind) {
    case 'pv':
      return pvShape(day.dayOfYear, utcHour) * (0.25 + 0.75 * sunshine);
    case 'chp':
      return between(5, 22) ? (CHP_BY_MONTH[day.month - 1] as number) : 0;
    case 'office':
      return (day.workday && between(7, 16) ? 1 : 0.15) * winter;
    case 'school':
      if (!day.schoolDay) return 0.12 * winter;
      return (between(7, 15) ? 1 : between(15, 18) ? 0.4 : 0.12) * winter;
    case 'kindergarten':
      if (day.month === 7 || day.month === 8) return 0.08;
      if (!day.workday) return 0.1 * winter;
      return (between(6, 16.5) ? 1 : 0.1) * winter;
    case 'sports-hall': {
      const season = day.month === 7 || day.month === 8 ? 0.5 : 1;
      if (day.workday) return season * (between(15, 22) ? 1 : between(8, 15) ? 0.4 : 0.1);
      return season * (between(9, 20) ? 0.7 : 0.1);
    }
    case 'wastewater':
      return 1 + 0.1 * Math.sin(((localHour - 6) * Math.PI) / 12);
    case 'church': {
      const heated = day.month >= 11 || day.month <= 3;
      const service = day.weekday === 0 && between(8, 12);
      return heated ? (service ? 2.5 : 0.6) : service ? 0.6 : 0.15;
    }
    case 'household': {
      const shape = between(0, 6)
        ? 0.3
        : between(6, 8)
          ? 1
          : between(8, 17)
            ? day.workday
              ? 0.45
              : 0.8
            : between(17, 22)
              ? 1.4
              : 0.6;
      return shape * winter;
    }
    case 'shop':
      if (day.weekday === 6) return between(8, 12) ? 0.8 : 0.2;
      return day.workday && between(8, 18) ? 1 : 0.2;
  }
}
