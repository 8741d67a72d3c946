import { addDays, type LocalDate } from '@sdilna/shared/domain-core';

/** Czech public holidays (zákon 245/2000 Sb.): fixed dates plus Good Friday and Easter Monday. */
const FIXED_HOLIDAYS = [
  '01-01',
  '05-01',
  '05-08',
  '07-05',
  '07-06',
  '09-28',
  '10-28',
  '11-17',
  '12-24',
  '12-25',
  '12-26',
];

/** Easter Sunday (Anonymous Gregorian algorithm). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isPublicHoliday(date: LocalDate): boolean {
  if (FIXED_HOLIDAYS.includes(date.slice(5))) return true;
  const easter = easterSunday(Number(date.slice(0, 4)));
  return date === addDays(easter, -2) || date === addDays(easter, 1);
}

/**
 * School holidays, simplified to what shapes a school's load: summer (July, August), Christmas (23 Dec – 2 Jan),
 * a spring week (the second week of February), Easter (Thursday–Monday) and autumn (26–29 Oct).
 */
export function isSchoolHoliday(date: LocalDate): boolean {
  const monthDay = date.slice(5);
  const month = Number(date.slice(5, 7));
  if (month === 7 || month === 8) return true;
  if (monthDay >= '12-23' || monthDay <= '01-02') return true;
  if (monthDay >= '02-09' && monthDay <= '02-15') return true;
  if (monthDay >= '10-26' && monthDay <= '10-29') return true;
  const easter = easterSunday(Number(date.slice(0, 4)));
  return date >= addDays(easter, -3) && date <= addDays(easter, 1);
}
