import { inject, Pipe, type PipeTransform } from '@angular/core';

import { I18n, type Language } from './i18n';

/**
 * The portal's one way to show dates (issue 18 item 8): `1. 11. 2026` / `1 Nov 2026` for a day, `listopad 2026` /
 * `November 2026` for a month, day and time with `14:05`. Month names follow the UI's language, never `2026-10`.
 * Calendar dates (`2026-11-01`, `2026-11`) are shown as written; instants (with a time) in Prague time.
 */
export type DateStyle = 'date' | 'month' | 'monthShort' | 'dateTime' | 'time';

const LOCALES: Readonly<Record<Language, string>> = { cs: 'cs-CZ', en: 'en-GB' };
const ZONE = 'Europe/Prague';

const OPTIONS: Readonly<Record<DateStyle, Intl.DateTimeFormatOptions>> = {
  date: { day: 'numeric', month: 'numeric', year: 'numeric' },
  month: { month: 'long', year: 'numeric' },
  monthShort: { month: 'short' },
  dateTime: { day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  time: { hour: '2-digit', minute: '2-digit' },
};
/** English days are `1 Nov 2026` (numeric months read differently in the UK and the US). */
const ENGLISH_DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, style: DateStyle, calendar: boolean): Intl.DateTimeFormat {
  const id = `${language}|${style}|${calendar}`;
  let found = cache.get(id);
  if (!found) {
    const base =
      language === 'en' && (style === 'date' || style === 'dateTime') ? ENGLISH_DAY : OPTIONS[style];
    const withTime =
      language === 'en' && style === 'dateTime' ? { ...base, hour: '2-digit', minute: '2-digit' } : base;
    found = new Intl.DateTimeFormat(LOCALES[language], {
      ...(withTime as Intl.DateTimeFormatOptions),
      timeZone: calendar ? 'UTC' : ZONE,
      hourCycle: 'h23',
    });
    cache.set(id, found);
  }
  return found;
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;
const CALENDAR_MONTH = /^\d{4}-\d{2}$/;

/** `value` (ISO date, month, instant or Date) in `language`; empty for nothing, the input for an unreadable text. */
export function formatLocalDate(
  value: string | Date | null | undefined,
  language: Language,
  style: DateStyle = 'date',
): string {
  if (value === null || value === undefined || value === '') return '';
  let date: Date;
  let calendar = false;
  if (value instanceof Date) date = value;
  else if (CALENDAR_MONTH.test(value)) {
    date = new Date(`${value}-01T00:00:00Z`);
    calendar = true;
  } else if (CALENDAR_DAY.test(value)) {
    date = new Date(`${value}T00:00:00Z`);
    calendar = true;
  } else date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const text = formatter(language, style, calendar).format(date);
  // Czech `1. 11. 2026` keeps its spaces; Intl may put narrow no-break ones there
  return text.replace(/\u202f|\u00a0/g, ' ');
}

/** `{{ doc.issueDate | sdDate }}`, `{{ run.period | sdDate: 'month' }}`; follows a language switch (impure). */
@Pipe({ name: 'sdDate', pure: false })
export class LocalDatePipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(value: string | Date | null | undefined, style: DateStyle = 'date'): string {
    return formatLocalDate(value, this.i18n.language(), style);
  }
}
