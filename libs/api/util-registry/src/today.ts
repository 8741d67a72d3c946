import { pragueDateOf, type LocalDate } from '@sdilna/shared/domain-core';

/** Today's date in the Prague calendar, the day dated rules are evaluated on when a write has no date of its own. */
export function pragueToday(now: number = Date.now()): LocalDate {
  return pragueDateOf(now);
}
