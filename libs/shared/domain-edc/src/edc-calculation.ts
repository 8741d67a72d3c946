import { addDays, type LocalDate } from '@sdilna/shared/domain-core';

import { decodeHeaderLine } from './text-decoding';

/**
 * EDC's two calculations of a day (edc-portal.md "Behaviour worth knowing"): `daily` values arrive the next day
 * and are preliminary ("Aktuální"); the `monthly` calculation of the previous month (around the 12th) is final
 * and is what members are invoiced.
 */
export type EdcCalculation = 'daily' | 'monthly';
export const EDC_CALCULATIONS: readonly EdcCalculation[] = ['daily', 'monthly'];

/** The two EDC reports: the per-EAN standard export and the producer → consumer pair report. */
export type EdcReportKind = 'standard' | 'pair';

const PAIR_CELL = /^\s*\d+\s*-\s*\d+\s*$/;
const NEWLINE = 10;

/**
 * Which report a file is, from its header: the first value column is `IN-<EAN>-D` in a standard export and
 * `<EANd>-<EANo>` in a pair report. Anything else is treated as a standard export, whose reader then says what
 * is wrong with the header. `start` holds the file's first bytes (the header's first cells are enough).
 */
export function detectEdcReportKind(start: Uint8Array): EdcReportKind {
  const end = start.indexOf(NEWLINE);
  const { text } = decodeHeaderLine(end === -1 ? start : start.subarray(0, end));
  const firstValue = text.replace(/\r$/, '').split(';')[3];
  return firstValue !== undefined && PAIR_CELL.test(firstValue) ? 'pair' : 'standard';
}

/**
 * The calculation of a file nobody named: a file that covers exactly one calendar month (first to last day) and in
 * which EDC evaluated every measured interval (no empty OUT beside an IN) is the monthly, final calculation;
 * anything else (a few days, part of a month, or OUT not yet evaluated) is preliminary. The pair report has no
 * OUT columns, so only its period counts (`notEvaluated` 0).
 */
export function inferEdcCalculation(from: LocalDate, to: LocalDate, notEvaluated: number): EdcCalculation {
  return notEvaluated === 0 && isWholeMonth(from, to) ? 'monthly' : 'daily';
}

/** [from, to] is one whole calendar month. */
export function isWholeMonth(from: LocalDate, to: LocalDate): boolean {
  return from.endsWith('-01') && from.slice(0, 7) === to.slice(0, 7) && addDays(to, 1).endsWith('-01');
}
