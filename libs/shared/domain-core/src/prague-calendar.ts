/**
 * The Europe/Prague calendar of 15-minute intervals. EDC files carry wall-clock times; we store UTC instants.
 * DST follows the EU rule (summer time from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC), implemented here so the result does not depend on the ICU data of the runtime.
 */
export const INTERVAL_MINUTES = 15;
export const INTERVAL_MS = INTERVAL_MINUTES * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A calendar day as text `YYYY-MM-DD` (the Prague calendar). */
export type LocalDate = string;

export interface LocalInterval {
  /** 0-based position within the day */
  readonly index: number;
  readonly startUtcMs: number;
  /** wall-clock start and end, "HH:mm"; the last interval ends at "00:00" */
  readonly from: string;
  readonly to: string;
  /** minutes east of UTC at the start: 60 (CET) or 120 (CEST) */
  readonly offsetMinutes: number;
}

export interface PragueDay {
  readonly date: LocalDate;
  readonly startUtcMs: number;
  readonly endUtcMs: number;
  /** 92 on the spring DST day, 100 on the autumn one, 96 otherwise */
  readonly intervalCount: number;
}

function lastSundayUtcMs(year: number, monthIndex: number): number {
  const lastDay = Date.UTC(year, monthIndex + 1, 0);
  const weekday = new Date(lastDay).getUTCDay();
  return lastDay - weekday * DAY_MS;
}

/** Start and end of summer time in `year` as UTC instants (both at 01:00 UTC). */
export function summerTimeUtcMs(year: number): { readonly start: number; readonly end: number } {
  return { start: lastSundayUtcMs(year, 2) + HOUR_MS, end: lastSundayUtcMs(year, 9) + HOUR_MS };
}

/** Offset of Prague wall clock from UTC at an instant, in minutes. */
export function pragueOffsetMinutes(utcMs: number): number {
  const { start, end } = summerTimeUtcMs(new Date(utcMs).getUTCFullYear());
  return utcMs >= start && utcMs < end ? 120 : 60;
}

export function parseLocalDate(text: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a date YYYY-MM-DD`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`"${text}" is not a calendar date`);
  }
  return { year, month, day };
}

function localMidnightUtcMs(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  const wallMidnightAsUtc = Date.UTC(year, month - 1, day);
  // Midnight is never inside a DST transition in Prague (they happen at 02:00/03:00), so one offset lookup is exact:
  // try CET first, and if that instant is in summer time use CEST.
  const cet = wallMidnightAsUtc - HOUR_MS;
  return pragueOffsetMinutes(cet) === 60 ? cet : wallMidnightAsUtc - 2 * HOUR_MS;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both inclusive. */
export function daysInRange(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  const { year, month, day } = parseLocalDate(from);
  // Calendar days in UTC are all 24 h long, so stepping a UTC midnight by a day never skips or repeats one.
  for (let ms = Date.UTC(year, month - 1, day); ; ms += DAY_MS) {
    const date = new Date(ms).toISOString().slice(0, 10);
    if (date > to) break;
    days.push(date);
  }
  return days;
}

export function pragueDay(date: LocalDate): PragueDay {
  const startUtcMs = localMidnightUtcMs(date);
  const endUtcMs = localMidnightUtcMs(addDays(date, 1));
  return { date, startUtcMs, endUtcMs, intervalCount: (endUtcMs - startUtcMs) / INTERVAL_MS };
}

export function intervalsInDay(date: LocalDate): number {
  return pragueDay(date).intervalCount;
}

function wallClock(utcMs: number): string {
  const local = new Date(utcMs + pragueOffsetMinutes(utcMs) * 60_000);
  return `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
}

/** The intervals of a Prague day in file order, with wall-clock labels and UTC starts. */
export function pragueDayIntervals(date: LocalDate): LocalInterval[] {
  const day = pragueDay(date);
  const intervals: LocalInterval[] = [];
  for (let index = 0; index < day.intervalCount; index++) {
    const startUtcMs = day.startUtcMs + index * INTERVAL_MS;
    intervals.push({
      index,
      startUtcMs,
      from: wallClock(startUtcMs),
      to: wallClock(startUtcMs + INTERVAL_MS),
      offsetMinutes: pragueOffsetMinutes(startUtcMs),
    });
  }
  return intervals;
}

/** The Prague calendar day an instant falls on. */
export function pragueDateOf(utcMs: number): LocalDate {
  return new Date(utcMs + pragueOffsetMinutes(utcMs) * 60_000).toISOString().slice(0, 10);
}

/** Wall-clock parts of an instant in Prague (hour 0..23, weekday 0 = Sunday), for profiles and reports. */
export function pragueWallClock(utcMs: number): {
  date: LocalDate;
  hour: number;
  minute: number;
  weekday: number;
  month: number;
} {
  const local = new Date(utcMs + pragueOffsetMinutes(utcMs) * 60_000);
  return {
    date: local.toISOString().slice(0, 10),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: local.getUTCDay(),
    month: local.getUTCMonth() + 1,
  };
}

/** "01.06.2026" (EDC) → "2026-06-01"; undefined when the text is not such a date. */
export function localDateFromCzech(text: string): LocalDate | undefined {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text.trim());
  if (!match) return undefined;
  const iso = `${match[3]}-${match[2]}-${match[1]}`;
  try {
    parseLocalDate(iso);
  } catch {
    return undefined;
  }
  return iso;
}

/** "2026-06-01" → "01.06.2026" (EDC). */
export function localDateToCzech(date: LocalDate): string {
  const { year, month, day } = parseLocalDate(date);
  return `${pad2(day)}.${pad2(month)}.${year}`;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** Days as short ranges for messages: "2026-04-01..2026-04-03, 2026-04-07" (sorted, duplicates once). */
export function dayRanges(days: Iterable<LocalDate>): string {
  const sorted = [...new Set(days)].sort();
  const ranges: string[] = [];
  let start: LocalDate | undefined;
  let end = '';
  for (const day of sorted) {
    if (start !== undefined && day === addDays(end, 1)) {
      end = day;
      continue;
    }
    if (start !== undefined) ranges.push(start === end ? start : `${start}..${end}`);
    start = day;
    end = day;
  }
  if (start !== undefined) ranges.push(start === end ? start : `${start}..${end}`);
  return ranges.join(', ');
}
