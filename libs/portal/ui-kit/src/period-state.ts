/** The state of a dated period (price list, price, key, iteration) as the period pages show it. */
export type PeriodState = 'ended' | 'current' | 'scheduled';

/** Today in Prague, the calendar of every period. */
export function pragueToday(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Prague' }).format(now);
}

/** Whether a period is over, applies today or starts later (`today` is the Prague calendar day). */
export function periodState(
  period: { validFrom: string; validTo?: string | null },
  today: string,
): PeriodState {
  if (period.validTo && period.validTo < today) return 'ended';
  return period.validFrom > today ? 'scheduled' : 'current';
}
