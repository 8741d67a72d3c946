import { addDays, pragueDateOf, type LocalDate } from '@sdilna/shared/domain-core';

import { SettlementsException } from './settlements.exception';

export interface SettlementPeriod {
  /** "2026-04" */
  readonly period: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
}

/** "YYYY-MM" → the month's first and last Prague day. */
export function monthPeriod(period: string): SettlementPeriod {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!match) throw new SettlementsException('PERIOD_INVALID', `period "${period}" must be a month YYYY-MM`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const from = `${period}-01`;
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return { period, from, to: addDays(next, -1) };
}

/** The month before the Prague month of `now`. */
export function previousMonth(now: number = Date.now()): string {
  const today = pragueDateOf(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The month before "YYYY-MM". */
export function monthBefore(period: string): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}
