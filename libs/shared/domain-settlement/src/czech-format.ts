import { parseLocalDate, type LocalDate } from '@sdilna/shared/domain-core';

/** "2026-06-01" → "1. 6. 2026" (the cs-CZ date style `d. M. yyyy`), used in document line texts. */
export function formatDateCzech(date: LocalDate): string {
  const { year, month, day } = parseLocalDate(date);
  return `${day}. ${month}. ${year}`;
}
