import { addDays, daysInRange } from '@sdilna/shared/domain-core';

/** `YYYY-MM` of the previous month: the usual month an admin checks (EDC publishes after the month ends). */
export function previousMonth(today = new Date()): string {
  const date = new Date(today.getFullYear(), today.getMonth() - 1, 1);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** First and last day of a `YYYY-MM` month (Prague calendar dates). */
export function monthRange(month: string): { from: string; to: string; days: string[] } {
  const from = `${month}-01`;
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
  const to = addDays(next, -1);
  return { from, to, days: daysInRange(from, to) };
}
