import { createHash } from 'node:crypto';

import { addDays, pragueDay, pragueWallClock, type LocalDate } from '@sdilna/shared/domain-core';

/** One export of a date range (at most one month) with EDC's calculation. */
export interface FetchChunk {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly calculation: 'daily' | 'monthly';
  /** the month (yyyy-mm-01) this chunk completes as final, when it is a whole month of the monthly calculation */
  readonly finalMonth: LocalDate | undefined;
}

export interface PlanRules {
  /** from this day of the next month a month's final calculation is out */
  readonly finalAfterDay: number;
  readonly dailyLookbackDays: number;
}

export const MAX_BACKFILL_DAYS = 366;

/** The Prague wall-clock minute (0..1439) of a community's nightly run: spread over the window, stable per id. */
export function nightMinute(communityId: string, window: string): number {
  const [start, end] = window.split('-').map((time) => {
    const [hours, minutes] = time.split(':').map(Number);
    return (hours ?? 0) * 60 + (minutes ?? 0);
  }) as [number, number];
  const length = (end - start + 1440) % 1440 || 1440;
  const hash = createHash('sha256').update(communityId).digest().readUInt32BE(0);
  return (start + (hash % length)) % 1440;
}

export function cronOfMinute(minute: number): string {
  return `${minute % 60} ${Math.floor(minute / 60)} * * *`;
}

export function clockOfMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The next instant after `now` at which Prague's wall clock shows the minute. */
export function nextRunAt(minute: number, now: number, today: LocalDate): number {
  for (let offset = 0; offset < 3; offset++) {
    let at = pragueDay(addDays(today, offset)).startUtcMs + minute * 60_000;
    const wall = pragueWallClock(at);
    at -= (wall.hour * 60 + wall.minute - minute) * 60_000;
    if (at > now) return at;
  }
  return pragueDay(addDays(today, 1)).startUtcMs + minute * 60_000;
}

export function monthStart(date: LocalDate): LocalDate {
  return `${date.slice(0, 7)}-01`;
}

export function monthEnd(date: LocalDate): LocalDate {
  return addDays(monthStart(addMonths(monthStart(date), 1)), -1);
}

function addMonths(first: LocalDate, months: number): LocalDate {
  const [year, month] = first.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** Whether EDC's final (monthly) calculation of the month that contains `date` is out on `today`. */
export function finalIsOut(date: LocalDate, today: LocalDate, rules: PlanRules): boolean {
  const month = monthStart(date);
  const current = monthStart(today);
  if (month >= current) return false;
  if (addMonths(month, 1) < current) return true;
  return Number(today.slice(8, 10)) >= rules.finalAfterDay;
}

/** [from, to] cut at month boundaries; each piece gets the monthly calculation once the month's final is out. */
export function monthChunks(
  from: LocalDate,
  to: LocalDate,
  today: LocalDate,
  rules: PlanRules,
): FetchChunk[] {
  const chunks: FetchChunk[] = [];
  let start = from;
  while (start <= to) {
    const end = monthEnd(start) < to ? monthEnd(start) : to;
    const final = finalIsOut(start, today, rules);
    const whole = start === monthStart(start) && end === monthEnd(start);
    chunks.push({
      from: start,
      to: end,
      calculation: final ? 'monthly' : 'daily',
      finalMonth: final && whole ? monthStart(start) : undefined,
    });
    start = addDays(end, 1);
  }
  return chunks;
}

/**
 * The nightly run on `today` (Prague): last month's final calculation once it is out and not yet fetched, and the
 * previous days' daily (preliminary) values, never reaching back into a month whose final values are in.
 */
export function nightlyChunks(
  today: LocalDate,
  finalMonths: ReadonlySet<LocalDate>,
  rules: PlanRules,
): FetchChunk[] {
  const yesterday = addDays(today, -1);
  const lastMonth = addMonths(monthStart(today), -1);
  const chunks: FetchChunk[] = [];
  const final = new Set(finalMonths);
  if (finalIsOut(lastMonth, today, rules) && !final.has(lastMonth)) {
    chunks.push({ from: lastMonth, to: monthEnd(lastMonth), calculation: 'monthly', finalMonth: lastMonth });
    final.add(lastMonth);
  }
  let from = addDays(today, -rules.dailyLookbackDays);
  while (final.has(monthStart(from)) && from <= yesterday) from = addDays(monthEnd(from), 1);
  if (from <= yesterday)
    for (const chunk of monthChunks(from, yesterday, today, rules))
      chunks.push(
        chunk.calculation === 'monthly' && chunk.finalMonth === undefined
          ? { ...chunk, calculation: 'daily' }
          : chunk,
      );
  return chunks;
}

/** Inclusive day count of [from, to]. */
export function dayCount(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}
