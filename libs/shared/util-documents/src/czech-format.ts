import { parseLocalDate, type KwhHundredths, type LocalDate } from '@sdilna/shared/domain-core';

/** "2026-06-01" → "01.06.2026", the form Czech accounting imports parse as a date. */
export function formatDateCzechNumeric(date: LocalDate): string {
  const { year, month, day } = parseLocalDate(date);
  return `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
}

/** 123456 → "1 234,56 kWh" (non-breaking spaces). */
export function formatKwhCzech(energy: KwhHundredths): string {
  const negative = energy < 0;
  const digits = String(Math.abs(energy)).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${negative ? '-' : ''}${whole},${digits.slice(-2)}\u00a0kWh`;
}
