import { SettlementError } from './settlement-error';

/**
 * A tariff band such as "VT" (high tariff) defined on the Prague wall clock of the interval's START, e.g. weekdays
 * 08:00–20:00. Wall-clock rules are what people agree on; on DST days a band simply covers the wall-clock hours
 * that exist that day.
 */
export interface TimeBand {
  /** short stable code used as a key in price rules and on documents ("VT", "NT") */
  readonly id: string;
  readonly label: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday; omitted = every day */
  readonly weekdays?: readonly number[];
  /** half-open wall-clock windows [from, to), "HH:mm"; `to` may be "24:00"; to < from wraps past midnight */
  readonly windows: readonly { readonly from: string; readonly to: string }[];
}

/** Energy in intervals that no band covers is priced at the rule's base price under this band id. */
export const BASE_BAND_ID = 'base';

/** A Prague wall-clock moment, as the band rules see it. */
export interface PragueMoment {
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  readonly isoWeekday: number;
  /** minutes since local midnight */
  readonly minuteOfDay: number;
}

export interface CompiledTimeBand {
  readonly band: TimeBand;
  matches(moment: PragueMoment): boolean;
}

export function compileTimeBand(band: TimeBand): CompiledTimeBand {
  if (band.id === BASE_BAND_ID) {
    throw new SettlementError('INVALID_TIME_BAND', `band id "${BASE_BAND_ID}" is reserved`);
  }
  const weekdays = new Set(band.weekdays ?? [1, 2, 3, 4, 5, 6, 7]);
  for (const day of weekdays) {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      throw new SettlementError('INVALID_TIME_BAND', `band ${band.id}: weekday ${day} is not 1..7`);
    }
  }
  if (band.windows.length === 0)
    throw new SettlementError('INVALID_TIME_BAND', `band ${band.id} has no window`);
  const windows = band.windows.map((window) => ({
    from: minutesOf(window.from, band.id),
    to: minutesOf(window.to, band.id),
  }));
  return {
    band,
    matches(moment) {
      if (!weekdays.has(moment.isoWeekday)) return false;
      const minute = moment.minuteOfDay;
      return windows.some((w) =>
        w.from <= w.to ? minute >= w.from && minute < w.to : minute >= w.from || minute < w.to,
      );
    },
  };
}

function minutesOf(text: string, bandId: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) {
    throw new SettlementError('INVALID_TIME_BAND', `band ${bandId}: "${text}" is not a time HH:mm`);
  }
  return hours * 60 + minutes;
}
