import { pragueDateOf, type LocalDate } from '@sdilna/shared/domain-core';

import { MunicipalityException } from './municipality.exception';

/** A summary spans at most ten years: enough for any audit, and a bound on one request's work. */
export const MAX_MONTHS = 120;
/** Without a range the summary shows twelve months up to the newest with recharges (else the current one). */
const DEFAULT_MONTHS = 12;

export interface MonthRange {
  /** YYYY-MM, first month included */
  readonly from: string;
  /** YYYY-MM, last month included */
  readonly to: string;
  /** first day of `from` */
  readonly fromDay: LocalDate;
  /** first day of the month after `to` */
  readonly beforeDay: LocalDate;
}

function monthIndex(parameter: 'from' | 'to', value: string): number {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  if (!match || Number(match[1]) < 2000) {
    throw new MunicipalityException(
      'MONTH_INVALID',
      `query parameter "${parameter}" is "${value}"; expected a month as YYYY-MM from 2000-01 on, e.g. 2026-10`,
      { parameter, value, expected: 'YYYY-MM' },
    );
  }
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

function monthText(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The months of `?from=YYYY-MM&to=YYYY-MM`, both optional, checked. Without either, the range ends at `newest`
 * (the newest month with recharges, so the page opens on data rather than on empty recent months) or, when there
 * is none, at the Prague month of `now`.
 */
export function monthRange(
  from: string | undefined,
  to: string | undefined,
  defaults: { readonly now?: number; readonly newest?: string | undefined } = {},
): MonthRange {
  const last = to !== undefined ? monthIndex('to', to) : undefined;
  const first = from !== undefined ? monthIndex('from', from) : undefined;
  const end =
    last ??
    (first !== undefined
      ? first + DEFAULT_MONTHS - 1
      : monthIndex('to', defaults.newest ?? pragueDateOf(defaults.now ?? Date.now()).slice(0, 7)));
  const start = first ?? end - DEFAULT_MONTHS + 1;
  if (start > end) {
    throw new MunicipalityException(
      'MONTH_RANGE_INVALID',
      `"from" (${monthText(start)}) is after "to" (${monthText(end)}); expected from ≤ to`,
      { from: monthText(start), to: monthText(end) },
    );
  }
  if (end - start + 1 > MAX_MONTHS) {
    throw new MunicipalityException(
      'MONTH_RANGE_INVALID',
      `${monthText(start)} – ${monthText(end)} spans ${end - start + 1} months; expected at most ${MAX_MONTHS}`,
      { from: monthText(start), to: monthText(end), maxMonths: MAX_MONTHS },
    );
  }
  return {
    from: monthText(start),
    to: monthText(end),
    fromDay: `${monthText(start)}-01`,
    beforeDay: `${monthText(end + 1)}-01`,
  };
}
