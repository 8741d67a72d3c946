import type { LocalDate } from '@sdilna/shared/domain-core';

import type { PricePerMwh } from './price';
import { SettlementError } from './settlement-error';

/**
 * A price valid for a range of Prague calendar days, both ends inclusive (as contracts state "od 1. 1. do
 * 31. 12."); no `validTo` means open-ended. Used for a member's supplier energy price and feed-in price.
 */
export interface DatedPrice {
  readonly validFrom: LocalDate;
  readonly validTo?: LocalDate;
  /** net price, without VAT */
  readonly price: PricePerMwh;
}

export function isValidOn(validity: { validFrom: LocalDate; validTo?: LocalDate }, date: LocalDate): boolean {
  return validity.validFrom <= date && (validity.validTo === undefined || date <= validity.validTo);
}

/** The price valid on `date`, or undefined when none is. Overlapping entries are rejected, not guessed between. */
export function datedPriceAt(
  prices: readonly DatedPrice[] | undefined,
  date: LocalDate,
): PricePerMwh | undefined {
  let found: DatedPrice | undefined;
  for (const entry of prices ?? []) {
    if (!isValidOn(entry, date)) continue;
    if (found) {
      throw new SettlementError(
        'INVALID_PRICE_LIST',
        `two prices are valid on ${date} (from ${found.validFrom} and from ${entry.validFrom})`,
      );
    }
    found = entry;
  }
  return found?.price;
}

/** Throws when two validity ranges overlap or a range ends before it starts. */
export function assertNoOverlap(
  ranges: readonly { validFrom: LocalDate; validTo?: LocalDate }[],
  what: string,
): void {
  const sorted = [...ranges].sort((a, b) =>
    a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0,
  );
  for (let i = 0; i < sorted.length; i++) {
    const current = sorted[i] as { validFrom: LocalDate; validTo?: LocalDate };
    if (current.validTo !== undefined && current.validTo < current.validFrom) {
      throw new SettlementError(
        'INVALID_PRICE_LIST',
        `${what}: valid to ${current.validTo} is before ${current.validFrom}`,
      );
    }
    const next = sorted[i + 1];
    if (next && (current.validTo === undefined || current.validTo >= next.validFrom)) {
      throw new SettlementError(
        'INVALID_PRICE_LIST',
        `${what}: validity from ${current.validFrom} overlaps validity from ${next.validFrom}`,
      );
    }
  }
}
