import { dicProblem, type LocalDate } from '@sdilna/shared/domain-core';

/**
 * A party's VAT status (zákon 235/2004 Sb., ZDPH):
 * - `payer` (plátce DPH): charges VAT on its supplies and deducts the VAT it pays;
 * - `identified-person` (identifikovaná osoba, § 6g–6l): has a DIČ for EU acquisitions and services, but charges no
 *   VAT on domestic supplies and deducts none;
 * - `non-payer` (neplátce): no VAT registration.
 */
export const VAT_STATUSES = ['payer', 'identified-person', 'non-payer'] as const;
export type VatStatus = (typeof VAT_STATUSES)[number];

/** One dated row of a party's VAT history: the status and DIČ in force from `validFrom` until the next row. */
export interface VatStatusPeriod {
  readonly validFrom: LocalDate;
  readonly status: VatStatus;
  readonly dic?: string;
}

/** The row in force on `date` (the latest `validFrom` not after it); before the first row a party is a non-payer. */
export function vatStatusOn(history: readonly VatStatusPeriod[], date: LocalDate): VatStatusPeriod {
  let found: VatStatusPeriod | undefined;
  for (const row of history) {
    if (row.validFrom <= date && (found === undefined || row.validFrom > found.validFrom)) found = row;
  }
  return found ?? { validFrom: date, status: 'non-payer' };
}

/** Only a payer charges VAT on a domestic supply; an identified person invoices like a non-payer. */
export function chargesVat(status: VatStatus): boolean {
  return status === 'payer';
}

/** Only a payer deducts the VAT it is charged; for the others input VAT is a cost. */
export function deductsInputVat(status: VatStatus): boolean {
  return status === 'payer';
}

export type VatStatusProblem = 'dic-missing' | 'dic-without-registration' | 'dic-invalid';

/**
 * Whether a status and a DIČ contradict each other: a payer and an identified person are registered and have a
 * valid DIČ; a non-payer has none (a DIČ on a non-payer's documents reads as a VAT registration).
 */
export function vatStatusProblem(row: {
  status: VatStatus;
  dic?: string | null;
}): VatStatusProblem | undefined {
  const dic = row.dic ?? undefined;
  if (row.status === 'non-payer') return dic === undefined ? undefined : 'dic-without-registration';
  if (dic === undefined) return 'dic-missing';
  return dicProblem(dic) === undefined ? undefined : 'dic-invalid';
}

/** An English sentence for a problem of `vatStatusProblem`. */
export function describeVatStatusProblem(
  problem: VatStatusProblem,
  status: VatStatus,
  dic?: string | null,
): string {
  switch (problem) {
    case 'dic-missing':
      return `is a ${status === 'payer' ? 'VAT payer' : 'VAT identified person'} but has no DIČ`;
    case 'dic-without-registration':
      return `has the DIČ ${dic ?? ''} but is not a VAT payer nor an identified person`;
    case 'dic-invalid':
      return `has an invalid DIČ ${dic ?? ''}`;
  }
}

/** The first day two VAT histories disagree on (status or DIČ), or undefined when they agree on every day. */
export function firstVatDifference(
  before: readonly VatStatusPeriod[],
  after: readonly VatStatusPeriod[],
): LocalDate | undefined {
  const days = [...new Set([...before, ...after].map((row) => row.validFrom))].sort();
  return days.find((day) => {
    const a = vatStatusOn(before, day);
    const b = vatStatusOn(after, day);
    return a.status !== b.status || a.dic !== b.dic;
  });
}
